using System.Diagnostics;
using System.Runtime.InteropServices;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Monitoring;
using VoiceFlow.Core.PostProcessing;
using VoiceFlow.Core.Transcripts;
using VoiceFlow.Core.Transcription;

namespace VoiceFlow.Evaluation.Benchmarking;

/// <summary>Settings of one benchmark.</summary>
/// <param name="Runs">Timed runs per configuration.</param>
/// <param name="WarmupRuns">Untimed runs first (JIT, caches, pools).</param>
/// <param name="Concurrency">Callers in the concurrent pass (where adaptive model access can matter); 1 skips it.</param>
/// <param name="AllConfigurations">Each optimization alone as well as baseline and all-on.</param>
public sealed record BenchSettings(int Runs = 3, int WarmupRuns = 1, int Concurrency = 2, bool AllConfigurations = true);

/// <summary>
/// The seed's <c>test_optimizations.py</c> done honestly: real speech, every configuration over the same loaded
/// model, warm-up first, configurations interleaved run by run (rotating their order so drift in machine speed
/// falls on all of them), a sequential pass (one caller) and a concurrent pass (several callers) per run.
/// </summary>
public static class OptimizationBenchmark
{
    public static async Task<BenchReport> RunAsync(
        ISpeechEngineFactory factory, VoiceFlowOptions options, TranscriptionOptions engineOptions, IReadOnlyList<BenchItem> items,
        BenchSettings settings, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(settings);
        if (items.Count == 0)
        {
            throw new VoiceFlow.Core.Errors.VoiceFlowException("the benchmark corpus is empty");
        }

        // Same settings everywhere but the three flags; the bound only matters where adaptive access is on.
        var shared = options with { MaxConcurrentTranscriptionJobs = Math.Max(options.MaxConcurrentTranscriptionJobs, settings.Concurrency) };
        var configurations = settings.AllConfigurations
            ? OptimizationConfigurations.All(shared)
            : OptimizationConfigurations.BaselineAndOptimized(shared);
        var services = configurations.Select(c => new TranscriptionService(factory, c.Options)).ToArray();
        var job = new TranscriptionJobOptions { Engine = engineOptions, PostProcessing = PostProcessingOptions.None };
        var sequential = configurations.Select(_ => new List<TranscriptionResult>()).ToArray();
        var concurrent = configurations.Select(_ => new List<double>()).ToArray();
        try
        {
            for (int run = -settings.WarmupRuns; run < settings.Runs; run++)
            {
                bool timed = run >= 0;
                for (int k = 0; k < configurations.Count; k++)
                {
                    int c = (k + Math.Max(run, 0)) % configurations.Count;
                    string pass = timed ? $"run {run + 1}/{settings.Runs}: {configurations[c].Name}" : $"warm-up: {configurations[c].Name}";
                    for (int i = 0; i < items.Count; i++)
                    {
                        var item = items[i];
                        // Per item, so a long benchmark shows it is moving (and where it is).
                        progress?.Report($"{pass}: item {i + 1}/{items.Count} ({item.Id})");
                        var result = await services[c].TranscribeAsync(item.Samples, job with { SourceName = item.Id }, cancellationToken).ConfigureAwait(false);
                        if (timed)
                        {
                            sequential[c].Add(result);
                        }
                    }

                    if (settings.Concurrency > 1)
                    {
                        double throughput = await ConcurrentPassAsync(services[c], items, job, settings.Concurrency, cancellationToken).ConfigureAwait(false);
                        if (timed)
                        {
                            concurrent[c].Add(throughput);
                        }
                    }
                }
            }
        }
        finally
        {
            foreach (var service in services)
            {
                await service.DisposeAsync().ConfigureAwait(false);
            }
        }

        var stats = Summarize(configurations, sequential, concurrent);
        return new BenchReport(
            DateTimeOffset.UtcNow,
            $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}",
            factory.EngineName,
            factory.ModelName,
            items.Count,
            Math.Round(items.Sum(i => i.DurationSeconds), 3),
            settings.Runs,
            settings.WarmupRuns,
            settings.Concurrency,
            stats);
    }

    private static async Task<double> ConcurrentPassAsync(TranscriptionService service, IReadOnlyList<BenchItem> items, TranscriptionJobOptions job, int callers, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = callers, CancellationToken = cancellationToken }, async (item, ct) =>
            await service.TranscribeAsync(item.Samples, job with { SourceName = item.Id }, ct).ConfigureAwait(false)).ConfigureAwait(false);
        double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return items.Sum(i => i.DurationSeconds) / wall;
    }

    private static List<ConfigurationStats> Summarize(IReadOnlyList<NamedConfiguration> configurations, List<TranscriptionResult>[] sequential, List<double>[] concurrent)
    {
        var stats = new List<ConfigurationStats>();
        for (int c = 0; c < configurations.Count; c++)
        {
            var results = sequential[c];
            var speedFactors = results.Select(r => r.SpeedFactor).ToArray();
            var milliseconds = results.Select(r => r.ProcessingTime.TotalMilliseconds).ToArray();
            var stages = new Dictionary<string, double>();
            foreach (var stage in StageTimings.Stages)
            {
                var measured = results.Where(r => r.Stages.IsMeasured(stage)).Select(r => r.Stages[stage]).ToArray();
                if (measured.Length > 0)
                {
                    stages[TranscriptResultMapping.NameOf(stage)] = Math.Round(measured.Average(), 4);
                }
            }

            stats.Add(new ConfigurationStats(
                configurations[c].Name, results.Count,
                Math.Round(speedFactors.Average(), 3), Math.Round(Median(speedFactors), 3),
                Math.Round(milliseconds.Average(), 3), Math.Round(Median(milliseconds), 3),
                stages,
                concurrent[c].Count == 0 ? 0 : Math.Round(Median([.. concurrent[c]]), 3),
                0, 0, 0));
        }

        var baseline = stats[0];
        return [.. stats.Select(s => s with
        {
            ImprovementPercent = Percent(s.AverageSpeedFactor, baseline.AverageSpeedFactor),
            MedianImprovementPercent = Percent(s.MedianSpeedFactor, baseline.MedianSpeedFactor),
            ConcurrentImprovementPercent = Percent(s.ConcurrentThroughput, baseline.ConcurrentThroughput),
        })];
    }

    private static double Percent(double value, double baseline) => baseline > 0 ? Math.Round(((value / baseline) - 1) * 100, 2) : 0;

    internal static double Median(double[] values)
    {
        if (values.Length == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
