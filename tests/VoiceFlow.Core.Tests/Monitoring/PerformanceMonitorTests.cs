using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Monitoring;

namespace VoiceFlow.Core.Tests.Monitoring;

public class PerformanceMonitorTests
{
    [Fact]
    public void Empty_history_gives_the_empty_summary()
    {
        var summary = new PerformanceMonitor().GetSummary();

        Assert.False(summary.HasData);
        Assert.Equal(0, summary.TotalTranscriptions);
        Assert.Equal(0, summary.AverageSpeedFactor);
        Assert.Equal(0, summary.OptimizationImprovementPercentage);
        Assert.False(summary.OptimizationsActive);
    }

    [Fact]
    public void History_keeps_100_and_trims_to_the_newest_50_on_the_101st()
    {
        var monitor = new PerformanceMonitor();
        for (int i = 0; i < 100; i++)
        {
            Record(monitor, audio: 1, processing: 1);
        }

        Assert.Equal(100, monitor.Count);

        Record(monitor, audio: 1, processing: 1);

        var history = monitor.GetHistory();
        Assert.Equal(50, history.Count);
        Assert.Equal(Enumerable.Range(52, 50).Select(i => (long)i), history.Select(r => r.Id));
        Assert.Equal(50, monitor.GetSummary().TotalTranscriptions);
    }

    [Fact]
    public void Summary_averages_only_the_last_20_entries()
    {
        var monitor = new PerformanceMonitor();
        for (int i = 0; i < 10; i++)
        {
            Record(monitor, audio: 1, processing: 10); // 0.1x, outside the window
        }

        for (int i = 0; i < 20; i++)
        {
            Record(monitor, audio: i % 2 == 0 ? 4 : 8, processing: 0.5); // 8x and 16x
        }

        var summary = monitor.GetSummary();

        Assert.Equal(12, summary.AverageSpeedFactor, 10);
        Assert.Equal(500, summary.AverageProcessingTimeMs, 10);
        Assert.Equal(30, summary.TotalTranscriptions);
        Assert.False(summary.OptimizationsActive);
        Assert.Equal(0, summary.OptimizationImprovementPercentage);
    }

    [Fact]
    public void Improvement_is_optimized_average_over_baseline_average_minus_one_in_percent()
    {
        var monitor = new PerformanceMonitor();
        for (int i = 0; i < 5; i++)
        {
            Record(monitor, audio: 10, processing: 1); // baseline 10x
            Record(monitor, audio: 12, processing: 1, ActiveOptimizations.OptimizedValidation); // 12x
            Record(monitor, audio: 14, processing: 1, ActiveOptimizations.MemoryOptimizations | ActiveOptimizations.AdaptiveModelAccess); // 14x
        }

        var summary = monitor.GetSummary();

        // Last 20 of 15 = all 15: baseline 10x, optimized (12 + 14) / 2 = 13x -> +30 %.
        Assert.Equal(30, summary.OptimizationImprovementPercentage, 10);
        Assert.True(summary.OptimizationsActive);
    }

    [Fact]
    public void Improvement_is_zero_when_only_one_kind_is_present()
    {
        var monitor = new PerformanceMonitor();
        Record(monitor, audio: 10, processing: 1, ActiveOptimizations.OptimizedValidation);
        Record(monitor, audio: 20, processing: 1, ActiveOptimizations.OptimizedValidation);

        var summary = monitor.GetSummary();

        Assert.Equal(0, summary.OptimizationImprovementPercentage);
        Assert.Equal(15, summary.AverageSpeedFactor);
        Assert.True(summary.OptimizationsActive);
    }

    [Fact]
    public void Speed_factor_is_audio_over_processing_and_zero_for_zero_processing()
    {
        var monitor = new PerformanceMonitor();

        Assert.Equal(4, Record(monitor, audio: 2, processing: 0.5).SpeedFactor);
        Assert.Equal(0, Record(monitor, audio: 2, processing: 0).SpeedFactor);
    }

    [Fact]
    public void Stage_averages_cover_only_the_entries_that_measured_the_stage()
    {
        var monitor = new PerformanceMonitor();
        var withResample = default(StageTimings);
        withResample.Add(PipelineStage.Recognise, 100);
        withResample.Add(PipelineStage.Resample, 6);
        var withoutResample = default(StageTimings);
        withoutResample.Add(PipelineStage.Recognise, 200);

        monitor.Record(1, 1, withResample, ActiveOptimizations.None, "whisper");
        monitor.Record(1, 1, withoutResample, ActiveOptimizations.None, "whisper");

        var averages = monitor.GetSummary().AverageStageMilliseconds;
        Assert.Equal(150, averages[PipelineStage.Recognise]);
        Assert.Equal(6, averages[PipelineStage.Resample]);
        Assert.False(averages.IsMeasured(PipelineStage.Vad));
    }

    [Fact]
    public void Records_carry_id_timestamp_engine_model_and_optimizations()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var monitor = new PerformanceMonitor(timeProvider: clock);
        var options = new VoiceFlowOptions { EnableOptimizedAudioValidation = true, EnableMemoryOptimizations = true };

        var record = monitor.Record(3, 1, default, options.GetActiveOptimizations(), "whisper", "tiny.en");

        Assert.Equal(1, record.Id);
        Assert.Equal(clock.Now, record.Timestamp);
        Assert.Equal("whisper", record.Engine);
        Assert.Equal("tiny.en", record.Model);
        Assert.Equal(ActiveOptimizations.OptimizedValidation | ActiveOptimizations.MemoryOptimizations, record.Optimizations);
    }

    [Fact]
    public async Task Concurrent_recording_and_summarising_stays_consistent()
    {
        var monitor = new PerformanceMonitor();
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var summary = monitor.GetSummary();
                Assert.InRange(summary.TotalTranscriptions, 0, PerformanceMonitor.MaxHistory);
                Assert.True(summary.AverageSpeedFactor is 0 or 2, $"average {summary.AverageSpeedFactor}");
            }
        }, TestContext.Current.CancellationToken);

        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < 2500; i++)
            {
                Record(monitor, audio: 2, processing: 1);
            }
        }, TestContext.Current.CancellationToken)).ToArray();
        await Task.WhenAll(writers);
        await stop.CancelAsync();
        await reader;

        var history = monitor.GetHistory();
        Assert.InRange(history.Count, PerformanceMonitor.TrimmedHistory, PerformanceMonitor.MaxHistory);
        Assert.Equal(history.Count, history.Select(r => r.Id).Distinct().Count());
        Assert.Equal(10_000, history.Max(r => r.Id));
        // Deterministic whatever the interleaving: trims happen at the 101st record, then every 51 more.
        Assert.Equal(50 + (10_000 - 101) % 51, history.Count);
    }

    [Fact]
    public void Stage_stopwatch_charges_consecutive_laps_to_their_stages_without_allocating()
    {
        var timings = default(StageTimings);
        var stopwatch = StageStopwatch.StartNew();
        stopwatch.Lap(ref timings, PipelineStage.Decode);
        Thread.Sleep(20);
        var recognise = stopwatch.Lap(ref timings, PipelineStage.Recognise);

        Assert.True(timings.IsMeasured(PipelineStage.Decode));
        Assert.False(timings.IsMeasured(PipelineStage.Vad));
        Assert.True(recognise >= TimeSpan.FromMilliseconds(15), $"{recognise}");
        Assert.True(timings[PipelineStage.Recognise] >= 15);
        Assert.Equal(timings[PipelineStage.Decode] + timings[PipelineStage.Recognise], timings.TotalMilliseconds, 9);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            stopwatch.Lap(ref timings, (PipelineStage)(i % StageTimings.StageCount));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static TranscriptionRecord Record(PerformanceMonitor monitor, double audio, double processing, ActiveOptimizations optimizations = ActiveOptimizations.None) =>
        monitor.Record(audio, processing, default, optimizations, "test-engine");

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
