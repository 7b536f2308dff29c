using System.Text.Json.Serialization;

namespace VoiceFlow.Evaluation.Corpus;

/// <summary>The manifest.json of a built corpus. Item paths are stored relative to the corpus directory.</summary>
/// <param name="Version">Recipe version that built it.</param>
/// <param name="Hash">Hash of the recipe, voices and sentences; a mismatch triggers a rebuild.</param>
/// <param name="Items">The synthesised items.</param>
internal sealed record CorpusManifest(int Version, string Hash, IReadOnlyList<CorpusItem> Items);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CorpusManifest))]
internal sealed partial class CorpusJsonContext : JsonSerializerContext;
