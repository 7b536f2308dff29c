using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Configuration;

/// <summary>A named set of values applied beneath the user's explicit settings by <c>performance_mode</c>.</summary>
/// <param name="Name">The <c>performance_mode</c> value that selects it.</param>
/// <param name="Description">What it is for, for docs and <c>config show</c>.</param>
/// <param name="Values">Key → value pairs, all validated against the registry when the class loads.</param>
public sealed record PerformancePreset(string Name, string Description, IReadOnlyList<KeyValuePair<string, object?>> Values);

/// <summary>
/// The <c>performance_mode</c> presets. Every preset sets the same keys, so switching preset never leaves a
/// value behind from another one. Only explicit values from a file, the environment or a flag beat a preset.
/// </summary>
public static class PerformancePresets
{
    /// <summary>Preset names.</summary>
    public const string Safe = "safe", Balanced = "balanced", Speed = "speed";

    /// <summary>All presets, from most conservative to fastest.</summary>
    public static IReadOnlyList<PerformancePreset> All { get; } =
    [
        new(Safe, "Every optimization off: the reference behaviour, and the baseline every measurement compares against. Same as no preset.",
            Values(validation: false, adaptive: false, memory: false, beamSize: 5, bestOf: 5)),
        new(Balanced, "The seed's performance_test_config.json: optimized validation and adaptive model access on, memory optimizations off.",
            Values(validation: true, adaptive: true, memory: false, beamSize: 5, bestOf: 5)),
        new(Speed, "All three optimizations on, plus greedy decoding (beam_size 1, best_of 1), the largest single saving in decoder time; it can cost some accuracy on hard audio.",
            Values(validation: true, adaptive: true, memory: true, beamSize: 1, bestOf: 1)),
    ];

    /// <summary>The preset called <paramref name="name"/> (as stored by the registry: lower case).</summary>
    /// <exception cref="ConfigurationException">No preset has that name.</exception>
    public static PerformancePreset Get(string name) =>
        All.FirstOrDefault(p => p.Name == name)
        ?? throw new ConfigurationException($"unknown performance_mode '{name}'; allowed: one of: {string.Join(", ", All.Select(p => p.Name))}");

    private static KeyValuePair<string, object?>[] Values(bool validation, bool adaptive, bool memory, int beamSize, int bestOf) =>
    [
        new("enable_optimized_audio_validation", validation),
        new("enable_adaptive_model_access", adaptive),
        new("enable_memory_optimizations", memory),
        new("beam_size", beamSize),
        new("best_of", bestOf),
    ];
}
