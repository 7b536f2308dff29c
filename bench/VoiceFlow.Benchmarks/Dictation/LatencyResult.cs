using System.Globalization;
using System.Text.Json.Serialization;

namespace VoiceFlow.Benchmarks.Dictation;

/// <summary>One measured dictation.</summary>
internal sealed record Sample(double LatencySeconds, double AudioSeconds, string Text);

/// <summary>Latency of one engine at one utterance length.</summary>
internal sealed record LatencyResult(string Engine, string Model, double UtteranceSeconds, int Count, double MedianSeconds, double P95Seconds, double MinSeconds, double MaxSeconds, IReadOnlyList<Sample> Samples)
{
    /// <summary>What was measured when it is not a steady dictation ("first after start", "client status round trip").</summary>
    public string? Label { get; init; }

    public static LatencyResult From(string engine, string model, double utterance, IReadOnlyList<Sample> samples)
    {
        var sorted = samples.Select(s => s.LatencySeconds).Order().ToArray();
        return new LatencyResult(engine, model, utterance, sorted.Length, Percentile(sorted, 0.5), Percentile(sorted, 0.95),
            sorted.FirstOrDefault(), sorted.LastOrDefault(), samples);
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Engine,-13} {UtteranceSeconds,4:0.#} s utterance{(Label is null ? "" : $" ({Label})")}: median {MedianSeconds * 1000,6:0} ms  p95 {P95Seconds * 1000,6:0} ms  min {MinSeconds * 1000,6:0} ms  max {MaxSeconds * 1000,6:0} ms  (n={Count}; text: \"{Samples.LastOrDefault()?.Text}\")");

    /// <summary>Nearest-rank percentile of sorted values (0 for none).</summary>
    private static double Percentile(double[] sorted, double fraction) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>The JSON file.</summary>
internal sealed record LatencyReport(DateTimeOffset Time, int Cores, string Runtime, int Repeats, IReadOnlyList<LatencyResult> Results)
{
    /// <summary>Writes the results of this run, with the machine's facts, to <paramref name="path"/> and says so.</summary>
    public static async Task WriteAsync(string path, int repeats, IReadOnlyList<LatencyResult> results)
    {
        var report = new LatencyReport(DateTimeOffset.UtcNow, Environment.ProcessorCount, Environment.Version.ToString(), repeats, results);
        await File.WriteAllTextAsync(path, System.Text.Json.JsonSerializer.Serialize(report, LatencyJsonContext.Default.LatencyReport));
        Console.WriteLine($"wrote {path}");
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(LatencyReport))]
internal sealed partial class LatencyJsonContext : JsonSerializerContext;
