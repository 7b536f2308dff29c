using VoiceFlow.Core.Buffers;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Monitoring;
using VoiceFlow.Core.Validation;
using VoiceFlow.Core.Vad;

namespace VoiceFlow.Core.Transcription;

/// <summary>Everything a <see cref="TranscriptionService"/> reads from the configuration, one record per concern.</summary>
public sealed record TranscriptionServiceOptions
{
    /// <summary>Silence gate, voice activity detector and speech padding (vad_*, silence_threshold_dbfs).</summary>
    public SpeechDetectionOptions SpeechDetection { get; init; } = new();

    /// <summary>Length limit and validation mode of each recording.</summary>
    public AudioValidationOptions Validation { get; init; } = new();

    /// <summary>How job copies are allocated.</summary>
    public MemoryOptions Memory { get; init; } = new();

    /// <summary>How jobs reach the model (adaptive access, concurrency, queue, model_reload_interval).</summary>
    public ModelAccessOptions ModelAccess { get; init; } = new(Adaptive: false, MaxConcurrentJobs: 1, AutoDetectConcurrency: true);

    /// <summary>What is recorded and logged per job.</summary>
    public MonitoringOptions Monitoring { get; init; } = new();

    /// <summary>max_file_audio_seconds: the longest file <see cref="TranscriptionService.TranscribeFileAsync"/> accepts; null for no limit.</summary>
    public TimeSpan? MaxFileAudio { get; init; }

    /// <summary>hallucination_filter: drop texts engines invent on silence and noise.</summary>
    public bool HallucinationFilter { get; init; } = true;

    /// <summary>The optimizations these settings turn on (what the monitor and the logs report).</summary>
    public ActiveOptimizations ActiveOptimizations =>
        (Validation.Optimized ? ActiveOptimizations.OptimizedValidation : ActiveOptimizations.None)
        | (ModelAccess.Adaptive ? ActiveOptimizations.AdaptiveModelAccess : ActiveOptimizations.None)
        | (Memory.Pooled ? ActiveOptimizations.MemoryOptimizations : ActiveOptimizations.None);

    /// <summary>The settings the configuration asks for.</summary>
    /// <exception cref="Errors.ConfigurationException">max_audio_buffer_size is not positive.</exception>
    public static TranscriptionServiceOptions From(VoiceFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new TranscriptionServiceOptions
        {
            SpeechDetection = SpeechDetectionOptions.From(options),
            Validation = AudioValidationOptions.From(options),
            Memory = MemoryOptions.From(options),
            ModelAccess = ModelAccessOptions.From(options),
            Monitoring = MonitoringOptions.From(options),
            HallucinationFilter = options.HallucinationFilter,
            MaxFileAudio = options.MaxFileAudioSeconds > 0 ? TimeSpan.FromSeconds(options.MaxFileAudioSeconds) : null,
        };
    }
}
