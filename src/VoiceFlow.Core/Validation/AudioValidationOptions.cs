using VoiceFlow.Core.Configuration;

namespace VoiceFlow.Core.Validation;

/// <summary>How each recording is validated: its length limit and, with the optimization on, how checks are thinned out.</summary>
public sealed record AudioValidationOptions
{
    /// <summary>enable_optimized_audio_validation: validate block by block with trust and statistical sampling.</summary>
    public bool Optimized { get; init; }

    /// <summary>validation_frequency: with optimized validation, fully check every Nth block.</summary>
    public int ValidationFrequency { get; init; } = 8;

    /// <summary>audio_validation_sample_rate: fraction of samples inspected in statistical mode.</summary>
    public double SampleRate { get; init; } = 0.03;

    /// <summary>min_samples_for_statistical: blocks shorter than this are always checked fully.</summary>
    public int MinSamplesForStatistical { get; init; } = 800;

    /// <summary>max_audio_buffer_size as limits (longest recording, in samples at 16 kHz).</summary>
    public AudioValidationLimits Limits { get; init; } = new();

    /// <summary>The settings the configuration asks for.</summary>
    /// <exception cref="Errors.ConfigurationException">max_audio_buffer_size is not positive.</exception>
    public static AudioValidationOptions From(VoiceFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new AudioValidationOptions
        {
            Optimized = options.EnableOptimizedAudioValidation,
            ValidationFrequency = options.ValidationFrequency,
            SampleRate = options.AudioValidationSampleRate,
            MinSamplesForStatistical = options.MinSamplesForStatistical,
            Limits = AudioValidationLimits.FromOptions(options),
        };
    }
}
