using System.Globalization;
using VoiceFlow.Core.Errors;
using VoiceFlow.Whisper.Inference;

namespace VoiceFlow.Whisper.Alignment;

/// <summary>
/// The decoder cross-attention heads whose attention follows the audio in time (the "alignment heads" OpenAI published
/// per model, the same presets whisper.cpp's <c>--dtw</c> takes), chosen by name, detected from the model's shape, or
/// given as <c>layer:head</c> pairs. Models of unknown shape use every head of the upper half of the decoder layers
/// (OpenAI's default when a model has no preset).
/// </summary>
public static class AlignmentHeads
{
    /// <summary>Pick the preset from the model's shape (or the upper-half default).</summary>
    public const string Auto = "auto";

    /// <summary>Every head of the upper half of the decoder layers.</summary>
    public const string TopHalf = "top-half";

    private static readonly Dictionary<string, (int Layer, int Head)[]> Presets = new(StringComparer.Ordinal)
    {
        ["tiny.en"] = [(1, 0), (2, 0), (2, 5), (3, 0), (3, 1), (3, 2), (3, 3), (3, 4)],
        ["tiny"] = [(2, 2), (3, 0), (3, 2), (3, 3), (3, 4), (3, 5)],
        ["base.en"] = [(3, 3), (4, 7), (5, 1), (5, 5), (5, 7)],
        ["base"] = [(3, 1), (4, 2), (4, 3), (4, 7), (5, 1), (5, 2), (5, 4), (5, 6)],
        ["small.en"] = [(6, 6), (7, 0), (7, 3), (7, 8), (8, 2), (8, 5), (8, 7), (9, 0), (9, 4), (9, 8), (9, 10), (10, 0), (10, 1), (10, 2), (10, 3), (10, 6), (10, 11), (11, 2), (11, 4)],
        ["small"] = [(5, 3), (5, 9), (8, 0), (8, 4), (8, 7), (8, 8), (9, 0), (9, 7), (9, 9), (10, 5)],
        ["medium.en"] = [(11, 4), (14, 1), (14, 12), (14, 14), (15, 4), (16, 0), (16, 4), (16, 9), (17, 12), (17, 14), (18, 7), (18, 10), (18, 15), (20, 0), (20, 3), (20, 9), (20, 14), (21, 12)],
        ["medium"] = [(13, 15), (15, 4), (15, 15), (16, 1), (20, 0), (23, 4)],
        ["large-v1"] = [(9, 19), (11, 2), (11, 4), (11, 17), (22, 7), (22, 11), (22, 17), (23, 2), (23, 15)],
        ["large-v2"] = [(10, 12), (13, 17), (16, 11), (16, 12), (16, 13), (17, 15), (17, 16), (18, 4), (18, 11), (18, 19), (19, 11), (21, 2), (21, 3), (22, 3), (22, 9), (22, 12), (23, 5), (23, 7), (23, 13), (25, 5), (26, 1), (26, 12), (27, 15)],
        ["large-v3"] = [(7, 0), (10, 17), (12, 18), (13, 12), (16, 1), (17, 14), (19, 11), (21, 4), (24, 1), (25, 6)],
        ["large-v3-turbo"] = [(2, 4), (2, 11), (3, 3), (3, 6), (3, 11), (3, 14)],
    };

    /// <summary>The preset names, smallest model first.</summary>
    public static IReadOnlyList<string> PresetNames { get; } = [.. Presets.Keys];

    /// <summary>
    /// The model size a ggml header describes ("tiny.en", "large-v3-turbo", ...), or null for other shapes (distilled or
    /// random-weight models). large-v1 and large-v2 share a shape: it is taken as large-v2 (name large-v1 explicitly).
    /// </summary>
    public static string? ModelSize(WhisperHyperParameters hp)
    {
        ArgumentNullException.ThrowIfNull(hp);
        var english = hp.IsMultilingual ? string.Empty : ".en";
        return (hp.NTextState, hp.NTextLayer, hp.NTextHead) switch
        {
            (384, 4, 6) => "tiny" + english,
            (512, 6, 8) => "base" + english,
            (768, 12, 12) => "small" + english,
            (1024, 24, 16) => "medium" + english,
            (1280, 32, 20) when hp.IsMultilingual => hp.NVocab >= 51866 ? "large-v3" : "large-v2",
            (1280, 4, 20) when hp.NVocab >= 51866 => "large-v3-turbo",
            _ => null,
        };
    }

    /// <summary>
    /// The heads <paramref name="spec"/> names for a model of shape <paramref name="hp"/>: <c>auto</c>, <c>top-half</c>,
    /// a preset name, or <c>layer:head</c> pairs separated by commas ("2:4,3:3").
    /// </summary>
    /// <exception cref="UnsupportedOptionException">The spec is malformed or names a head the model does not have.</exception>
    public static IReadOnlyList<AlignmentHead> Resolve(string? spec, WhisperHyperParameters hp)
    {
        ArgumentNullException.ThrowIfNull(hp);
        spec = string.IsNullOrWhiteSpace(spec) ? Auto : spec.Trim();
        if (spec == Auto)
        {
            spec = ModelSize(hp) ?? TopHalf;
        }

        IReadOnlyList<AlignmentHead> heads = spec == TopHalf
            ? [.. Enumerable.Range(hp.NTextLayer / 2, hp.NTextLayer - (hp.NTextLayer / 2)).SelectMany(l => Enumerable.Range(0, hp.NTextHead).Select(h => new AlignmentHead(l, h)))]
            : Presets.TryGetValue(spec, out var preset) ? [.. preset.Select(p => new AlignmentHead(p.Layer, p.Head))] : Parse(spec);

        foreach (var head in heads)
        {
            if (head.Layer >= hp.NTextLayer || head.Head >= hp.NTextHead)
            {
                throw new UnsupportedOptionException(
                    $"alignment head {head.Layer}:{head.Head} ({spec}) does not exist in this model ({hp.NTextLayer} decoder layers of {hp.NTextHead} heads); "
                    + "use alignment_heads = auto or the preset of this model's size");
            }
        }

        return heads;
    }

    private static List<AlignmentHead> Parse(string spec)
    {
        var heads = new List<AlignmentHead>();
        foreach (var pair in spec.Split(',', StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split(':');
            if (parts.Length != 2
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var layer)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var head))
            {
                throw new UnsupportedOptionException(
                    $"alignment heads '{spec}' are neither auto, top-half, a preset ({string.Join(", ", PresetNames)}) nor layer:head pairs such as 2:4,3:3");
            }

            heads.Add(new AlignmentHead(layer, head));
        }

        return [.. heads.Distinct()];
    }
}
