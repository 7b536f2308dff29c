namespace VoiceFlow.Core.Monitoring;

/// <summary>The performance of one transcription, as kept by <see cref="PerformanceMonitor"/>.</summary>
/// <param name="Id">Sequence number within the monitor, from 1.</param>
/// <param name="Timestamp">When it was recorded.</param>
/// <param name="AudioSeconds">Duration of the audio transcribed.</param>
/// <param name="ProcessingSeconds">Wall time from input to text.</param>
/// <param name="Stages">Milliseconds per pipeline stage.</param>
/// <param name="Optimizations">Which of the seed's optimizations were on.</param>
/// <param name="Engine">Engine name ("whisper", "pocketsphinx").</param>
/// <param name="Model">Model name, or null for the engine's default.</param>
public sealed record TranscriptionRecord(
    long Id,
    DateTimeOffset Timestamp,
    double AudioSeconds,
    double ProcessingSeconds,
    StageTimings Stages,
    ActiveOptimizations Optimizations,
    string Engine,
    string? Model)
{
    /// <summary>Audio seconds per processing second ("x realtime"); 0 when processing took no measurable time, as in the seed.</summary>
    public double SpeedFactor => ProcessingSeconds > 0 ? AudioSeconds / ProcessingSeconds : 0;

    /// <summary>True when any optimization was on (the seed's "optimized entry").</summary>
    public bool IsOptimized => Optimizations != ActiveOptimizations.None;
}
