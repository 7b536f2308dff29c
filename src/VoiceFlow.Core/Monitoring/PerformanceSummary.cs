namespace VoiceFlow.Core.Monitoring;

/// <summary>
/// The seed's performance summary over the most recent transcriptions (at most
/// <see cref="PerformanceMonitor.SummaryWindow"/>), plus per-stage averages.
/// </summary>
/// <param name="AverageSpeedFactor">Mean speed factor of the recent entries (average_speed_factor).</param>
/// <param name="AverageProcessingTimeMs">Mean processing time in ms (average_processing_time_ms).</param>
/// <param name="OptimizationImprovementPercentage">
/// (optimized mean speed / baseline mean speed − 1) · 100 over the recent entries when both kinds
/// are present, else 0 (optimization_improvement_percentage).
/// </param>
/// <param name="TotalTranscriptions">Entries in the bounded history, as the seed counts them (total_transcriptions).</param>
/// <param name="OptimizationsActive">Whether any recent entry had an optimization on (optimizations_active).</param>
/// <param name="AverageStageMilliseconds">Per stage, the mean over the recent entries that measured it.</param>
public sealed record PerformanceSummary(
    double AverageSpeedFactor,
    double AverageProcessingTimeMs,
    double OptimizationImprovementPercentage,
    int TotalTranscriptions,
    bool OptimizationsActive,
    StageTimings AverageStageMilliseconds)
{
    /// <summary>The summary of an empty history (the seed's "No performance data available").</summary>
    public static PerformanceSummary Empty { get; } = new(0, 0, 0, 0, false, default);

    /// <summary>False when nothing was recorded yet.</summary>
    public bool HasData => TotalTranscriptions > 0;
}
