using Microsoft.Extensions.Logging;

namespace VoiceFlow.Core.Monitoring;

/// <summary>
/// Keeps the recent history of transcription performance and summarises it exactly as the seed's
/// monitor does: history bounded at <see cref="MaxHistory"/> entries, cut to the newest
/// <see cref="TrimmedHistory"/> when it grows past that; summary over the newest
/// <see cref="SummaryWindow"/>. Each record is also published through <see cref="VoiceFlowMetrics"/>
/// when given, and logged when a logger is given (log_optimization_effects). Thread-safe.
/// </summary>
public sealed partial class PerformanceMonitor
{
    /// <summary>History length that triggers a trim.</summary>
    public const int MaxHistory = 100;

    /// <summary>History length after a trim.</summary>
    public const int TrimmedHistory = 50;

    /// <summary>Entries the summary looks at.</summary>
    public const int SummaryWindow = 20;

    private readonly Lock _gate = new();
    private readonly List<TranscriptionRecord> _history = new(MaxHistory + 1);
    private readonly VoiceFlowMetrics? _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger? _logger;
    private long _nextId;

    /// <param name="metrics">Where records are published; null for none.</param>
    /// <param name="timeProvider">Source of timestamps; null for the system clock.</param>
    /// <param name="logger">Logs each record's speed factor and optimizations; null for no logging.</param>
    public PerformanceMonitor(VoiceFlowMetrics? metrics = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        _metrics = metrics;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger;
    }

    /// <summary>Entries in the history now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _history.Count;
            }
        }
    }

    /// <summary>Records one transcription and returns its record.</summary>
    public TranscriptionRecord Record(
        double audioSeconds, double processingSeconds, in StageTimings stages, ActiveOptimizations optimizations, string engine, string? model = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(engine);
        var record = new TranscriptionRecord(
            Interlocked.Increment(ref _nextId), _time.GetUtcNow(), audioSeconds, processingSeconds, stages, optimizations, engine, model);
        lock (_gate)
        {
            _history.Add(record);
            if (_history.Count > MaxHistory)
            {
                _history.RemoveRange(0, _history.Count - TrimmedHistory);
            }
        }

        _metrics?.Publish(record);
        if (_logger is not null)
        {
            LogPerformance(_logger, record.SpeedFactor, record.Optimizations, record.Engine);
        }

        return record;
    }

    /// <summary>A copy of the history, oldest first.</summary>
    public IReadOnlyList<TranscriptionRecord> GetHistory()
    {
        lock (_gate)
        {
            return _history.ToArray();
        }
    }

    /// <summary>The seed's summary of the newest <see cref="SummaryWindow"/> entries, plus per-stage averages.</summary>
    public PerformanceSummary GetSummary()
    {
        TranscriptionRecord[] recent;
        int total;
        lock (_gate)
        {
            total = _history.Count;
            if (total == 0)
            {
                return PerformanceSummary.Empty;
            }

            int window = Math.Min(SummaryWindow, total);
            recent = _history.GetRange(total - window, window).ToArray();
        }

        double speedSum = 0, processingSum = 0, optimizedSpeed = 0, baselineSpeed = 0;
        int optimizedCount = 0, baselineCount = 0;
        foreach (var entry in recent)
        {
            speedSum += entry.SpeedFactor;
            processingSum += entry.ProcessingSeconds;
            if (entry.IsOptimized)
            {
                optimizedSpeed += entry.SpeedFactor;
                optimizedCount++;
            }
            else
            {
                baselineSpeed += entry.SpeedFactor;
                baselineCount++;
            }
        }

        double improvement = 0;
        if (optimizedCount > 0 && baselineCount > 0)
        {
            improvement = ((optimizedSpeed / optimizedCount) / (baselineSpeed / baselineCount) - 1) * 100;
        }

        return new PerformanceSummary(
            speedSum / recent.Length,
            processingSum / recent.Length * 1000,
            improvement,
            total,
            optimizedCount > 0,
            AverageStages(recent));
    }

    private static StageTimings AverageStages(TranscriptionRecord[] recent)
    {
        var averages = default(StageTimings);
        foreach (var stage in StageTimings.Stages)
        {
            double sum = 0;
            int measured = 0;
            foreach (var entry in recent)
            {
                if (entry.Stages.IsMeasured(stage))
                {
                    sum += entry.Stages[stage];
                    measured++;
                }
            }

            if (measured > 0)
            {
                averages.Add(stage, sum / measured);
            }
        }

        return averages;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Performance: {SpeedFactor:F1}x realtime, optimizations: {Optimizations}, engine: {Engine}")]
    private static partial void LogPerformance(ILogger logger, double speedFactor, ActiveOptimizations optimizations, string engine);
}
