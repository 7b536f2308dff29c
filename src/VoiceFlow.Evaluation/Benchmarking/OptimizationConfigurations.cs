using VoiceFlow.Core.Configuration;

namespace VoiceFlow.Evaluation.Benchmarking;

/// <summary>A named configuration compared by <c>bench</c> and <c>quality</c>.</summary>
public sealed record NamedConfiguration(string Name, VoiceFlowOptions Options);

/// <summary>
/// The configurations the benchmark and the quality check compare. They differ from the user's effective
/// configuration only in the seed's three optimization flags, so any difference is theirs.
/// </summary>
public static class OptimizationConfigurations
{
    public const string Baseline = "baseline";
    public const string Optimized = "optimized";

    /// <summary>Baseline (all off), each optimization alone, and all three on.</summary>
    public static IReadOnlyList<NamedConfiguration> All(VoiceFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return
        [
            new(Baseline, With(options, false, false, false)),
            new("validation", With(options, true, false, false)),
            new("adaptive_access", With(options, false, true, false)),
            new("memory", With(options, false, false, true)),
            new(Optimized, With(options, true, true, true)),
        ];
    }

    /// <summary>Only baseline and all-on, for a quick comparison.</summary>
    public static IReadOnlyList<NamedConfiguration> BaselineAndOptimized(VoiceFlowOptions options) =>
        [.. All(options).Where(c => c.Name is Baseline or Optimized)];

    private static VoiceFlowOptions With(VoiceFlowOptions options, bool validation, bool adaptive, bool memory) => options with
    {
        EnableOptimizedAudioValidation = validation,
        EnableAdaptiveModelAccess = adaptive,
        EnableMemoryOptimizations = memory,
    };
}
