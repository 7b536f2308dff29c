using VoiceFlow.Core.Configuration;

namespace VoiceFlow.Core.Monitoring;

/// <summary>What a transcription service records and logs about each job (the configuration's monitoring section).</summary>
public sealed record MonitoringOptions
{
    /// <summary>track_performance_stats: record every job in the performance monitor.</summary>
    public bool TrackPerformanceStats { get; init; } = true;

    /// <summary>log_optimization_effects: log each job's speed factor and active optimizations at Information.</summary>
    public bool LogOptimizationEffects { get; init; }

    /// <summary>The settings the configuration asks for.</summary>
    public static MonitoringOptions From(VoiceFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new MonitoringOptions
        {
            TrackPerformanceStats = options.TrackPerformanceStats,
            LogOptimizationEffects = options.LogOptimizationEffects,
        };
    }
}
