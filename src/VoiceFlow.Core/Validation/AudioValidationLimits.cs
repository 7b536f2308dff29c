using System.Globalization;
using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Validation;

/// <summary>The thresholds that turn <see cref="AudioStatistics"/> into <see cref="AudioFinding"/>s.</summary>
public sealed record AudioValidationLimits
{
    /// <summary>A peak above this means the samples are not normalised floats (default 1.5).</summary>
    public float FarOutOfRangePeak { get; init; } = 1.5f;

    /// <summary>|x| at or above this counts as clipped (default 0.999).</summary>
    public float ClipLevel { get; init; } = AudioScanner.DefaultClipLevel;

    /// <summary>Fraction of clipped samples above which <see cref="AudioFinding.Clipping"/> is found (default 1 %).</summary>
    public double MaxClippedFraction { get; init; } = 0.01;

    /// <summary>|mean| above this is a DC offset (default 0.05).</summary>
    public double MaxDcOffset { get; init; } = 0.05;

    /// <summary>Fewer samples than this are too short to transcribe (default 0.1 s at 16 kHz).</summary>
    public int MinSamples { get; init; } = AudioFormat.RecognizerSampleRate / 10;

    /// <summary>More samples than this are too long (max_audio_buffer_size, default 60 s at 16 kHz).</summary>
    public int MaxSamples { get; init; } = 16_000 * 60;

    /// <summary>The limits for <paramref name="options"/> (its max_audio_buffer_size).</summary>
    /// <exception cref="ConfigurationException">When max_audio_buffer_size is not positive.</exception>
    public static AudioValidationLimits FromOptions(VoiceFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxAudioBufferSize <= 0)
        {
            throw new ConfigurationException(string.Create(CultureInfo.InvariantCulture,
                $"max_audio_buffer_size must be a positive number of samples, got {options.MaxAudioBufferSize}."));
        }

        return new AudioValidationLimits { MaxSamples = options.MaxAudioBufferSize };
    }
}
