namespace VoiceFlow.Whisper.Store;

/// <summary>
/// The standard whisper.cpp ggml models users can download. Names, host and SHA-1 sums come from whisper.cpp's
/// models/README.md and models/download-ggml-model.sh; sizes are the published rounded sizes. Models without a
/// published SHA-1 (quantized variants and large-v3-turbo) are verified by size and by their header only.
/// </summary>
public static class WhisperModelCatalog
{
    private const long MiB = 1024 * 1024;

    /// <summary>Every known model, smallest first.</summary>
    public static IReadOnlyList<WhisperModelInfo> All { get; } =
    [
        new("tiny", 75 * MiB, "bd577a113a864445d4c299885e0cb97d4ba92b5f", 384, 4, 4, 80, false),
        new("tiny.en", 75 * MiB, "c78c86eb1a8faa21b369bcd33207cc90d64ae9df", 384, 4, 4, 80, true),
        new("tiny-q5_1", 31 * MiB, null, 384, 4, 4, 80, false),
        new("tiny.en-q5_1", 31 * MiB, null, 384, 4, 4, 80, true),
        new("base", 142 * MiB, "465707469ff3a37a2b9b8d8f89f2f99de7299dac", 512, 6, 6, 80, false),
        new("base.en", 142 * MiB, "137c40403d78fd54d454da0f9bd998f78703390c", 512, 6, 6, 80, true),
        new("base-q5_1", 57 * MiB, null, 512, 6, 6, 80, false),
        new("base.en-q5_1", 57 * MiB, null, 512, 6, 6, 80, true),
        new("small", 466 * MiB, "55356645c2b361a969dfd0ef2c5a50d530afd8d5", 768, 12, 12, 80, false),
        new("small.en", 466 * MiB, "db8a495a91d927739e50b3fc1cc4c6b8f6c2d022", 768, 12, 12, 80, true),
        new("small-q5_1", 181 * MiB, null, 768, 12, 12, 80, false),
        new("small.en-q5_1", 181 * MiB, null, 768, 12, 12, 80, true),
        new("medium", 1536 * MiB, "fd9727b6e1217c2f614f9b698455c4ffd82463b4", 1024, 24, 24, 80, false),
        new("medium.en", 1536 * MiB, "8c30f0e44ce9560643ebd10bbe50cd20eafd3723", 1024, 24, 24, 80, true),
        new("medium-q5_0", 514 * MiB, null, 1024, 24, 24, 80, false),
        new("medium.en-q5_0", 514 * MiB, null, 1024, 24, 24, 80, true),
        new("large-v3", 2970 * MiB, "ad82bf6a9043ceed055076d0fd39f5f186ff8062", 1280, 32, 32, 128, false),
        new("large-v3-q5_0", 1126 * MiB, "e6e2ed78495d403bef4b7cff42ef4aaadcfea8de", 1280, 32, 32, 128, false),
        new("large-v3-turbo", 1546 * MiB, null, 1280, 32, 4, 128, false),
        new("large-v3-turbo-q5_0", 547 * MiB, null, 1280, 32, 4, 128, false),
    ];

    /// <summary>Finds a model by name, accepting "tiny.en", "ggml-tiny.en" or "ggml-tiny.en.bin".</summary>
    public static WhisperModelInfo? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string bare = Path.GetFileName(name);
        if (bare.EndsWith(".bin", StringComparison.Ordinal))
        {
            bare = bare[..^4];
        }

        if (bare.StartsWith("ggml-", StringComparison.Ordinal))
        {
            bare = bare[5..];
        }

        return All.FirstOrDefault(m => m.Name == bare);
    }
}
