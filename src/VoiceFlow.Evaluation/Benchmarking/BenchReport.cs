namespace VoiceFlow.Evaluation.Benchmarking;

/// <summary>One configuration's measured performance over all runs.</summary>
/// <param name="Name">Configuration name (baseline, validation, adaptive_access, memory, optimized).</param>
/// <param name="Transcriptions">Timed sequential transcriptions.</param>
/// <param name="AverageSpeedFactor">Mean of per-transcription speed factors (the seed's average).</param>
/// <param name="MedianSpeedFactor">Median of per-transcription speed factors.</param>
/// <param name="MeanMilliseconds">Mean time per transcription.</param>
/// <param name="MedianMilliseconds">Median time per transcription.</param>
/// <param name="StageMeanMilliseconds">Mean milliseconds per pipeline stage.</param>
/// <param name="ConcurrentThroughput">Audio seconds per wall second with <see cref="BenchReport.Concurrency"/> callers (median over runs).</param>
/// <param name="ImprovementPercent">The seed's figure: (average speed factor / baseline's − 1) × 100.</param>
/// <param name="MedianImprovementPercent">The same from medians, less sensitive to outliers.</param>
/// <param name="ConcurrentImprovementPercent">(concurrent throughput / baseline's − 1) × 100.</param>
public sealed record ConfigurationStats(
    string Name,
    int Transcriptions,
    double AverageSpeedFactor,
    double MedianSpeedFactor,
    double MeanMilliseconds,
    double MedianMilliseconds,
    IReadOnlyDictionary<string, double> StageMeanMilliseconds,
    double ConcurrentThroughput,
    double ImprovementPercent,
    double MedianImprovementPercent,
    double ConcurrentImprovementPercent);

/// <summary>Everything one <c>voiceflow bench</c> run measured.</summary>
public sealed record BenchReport(
    DateTimeOffset Date,
    string Machine,
    string Engine,
    string Model,
    int Items,
    double AudioSeconds,
    int Runs,
    int WarmupRuns,
    int Concurrency,
    IReadOnlyList<ConfigurationStats> Configurations);
