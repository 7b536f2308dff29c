using System.Globalization;
using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Dictation.Recording;

/// <summary>Durations that shape a <see cref="DictationRecorder"/>, in seconds of 16 kHz audio.</summary>
public sealed record DictationRecorderSettings
{
    /// <summary>Longest recording kept (recording_cap_seconds, default 300 s).</summary>
    public double RecordingCapSeconds { get; init; } = 300;

    /// <summary>Always-on ring of recent audio (pre_roll_buffer_seconds, default 1.5 s).</summary>
    public double PreRollBufferSeconds { get; init; } = 1.5;

    /// <summary>How much of the ring starts each recording (pre_roll_seconds, default 0.8 s).</summary>
    public double PreRollSeconds { get; init; } = 0.8;

    /// <summary>Audio still recorded after <see cref="DictationRecorder.End"/> (tail_seconds, default 0.35 s): the longest tail.</summary>
    public double TailSeconds { get; init; } = 0.35;

    /// <summary>
    /// tail_silence_ms (default 150): with a voice activity detector, the tail ends once it has heard this much silence
    /// after <see cref="DictationRecorder.End"/>, or the end of a word still being spoken; 0 records the whole tail.
    /// </summary>
    public int TailSilenceMilliseconds { get; init; } = 150;

    /// <summary>What happens at the cap.</summary>
    public RecordingOverflowPolicy OverflowPolicy { get; init; } = RecordingOverflowPolicy.KeepNewest;

    internal int RecordingCapSamples => ToSamples(RecordingCapSeconds);

    internal int PreRollBufferSamples => ToSamples(PreRollBufferSeconds);

    internal int PreRollSamples => ToSamples(PreRollSeconds);

    internal int TailSamples => ToSamples(TailSeconds);

    internal int TailSilenceSamples => ToSamples(TailSilenceMilliseconds / 1000.0);

    /// <summary>The settings from <paramref name="options"/>.</summary>
    public static DictationRecorderSettings FromOptions(VoiceFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new DictationRecorderSettings
        {
            RecordingCapSeconds = options.RecordingCapSeconds,
            PreRollBufferSeconds = options.PreRollBufferSeconds,
            PreRollSeconds = options.PreRollSeconds,
            TailSeconds = options.TailSeconds,
            TailSilenceMilliseconds = options.TailSilenceMs,
        };
    }

    /// <summary>Checks every value against its allowed range.</summary>
    /// <exception cref="ConfigurationException">The first value out of range, named by its key.</exception>
    public void Validate()
    {
        // 2^31 samples is the array limit: about 37 hours at 16 kHz.
        const double maxSeconds = int.MaxValue / (double)AudioFormat.RecognizerSampleRate;
        Check("recording_cap_seconds", RecordingCapSeconds, 0.1, maxSeconds);
        Check("pre_roll_buffer_seconds", PreRollBufferSeconds, 0, 60);
        Check("pre_roll_seconds", PreRollSeconds, 0, PreRollBufferSeconds);
        Check("tail_seconds", TailSeconds, 0, 10);
        if (TailSilenceMilliseconds is < 0 or > 10_000)
        {
            throw new ConfigurationException(string.Create(CultureInfo.InvariantCulture,
                $"tail_silence_ms must be between 0 and 10000 milliseconds, got {TailSilenceMilliseconds}."));
        }
    }

    private static void Check(string key, double value, double min, double max)
    {
        if (!(value >= min && value <= max))
        {
            throw new ConfigurationException(string.Create(CultureInfo.InvariantCulture,
                $"{key} must be between {min:G4} and {max:G6} seconds, got {value:G6}."));
        }
    }

    private static int ToSamples(double seconds) => (int)Math.Round(seconds * AudioFormat.RecognizerSampleRate);
}
