using System.Text.Json;
using VoiceFlow.Tests.Shared;

namespace VoiceFlow.Whisper.Tests.Support;

/// <summary>Finds the shared Whisper fixtures (&lt;repo&gt;/../shared, or $VOICEFLOW_SHARED_DIR) and reads them.</summary>
internal static class SharedFixtures
{
    public static string? SharedDirectory => SharedFolder.Path;

    /// <summary>The whisper fixture folder, or skips the test when it is absent.</summary>
    public static string WhisperDirectory()
    {
        var shared = SharedDirectory;
        var whisper = shared is null ? null : Path.Combine(shared, "fixtures", "whisper");
        if (whisper is null || !Directory.Exists(whisper))
        {
            Assert.Skip("Whisper fixtures not found: set VOICEFLOW_SHARED_DIR or place them in <repo>/../shared/fixtures/whisper.");
        }

        return whisper;
    }

    public static string RefOut(string file) => Path.Combine(WhisperDirectory(), "ref", "out", file);

    public static string ModelPath(string tag) => Path.Combine(WhisperDirectory(), "models",
        tag.StartsWith("tiny", StringComparison.Ordinal) ? "ggml-random-tiny.en-f16.bin" : "ggml-random-test-s64-f32.bin");

    public static JsonDocument TokensJson(string tag) => JsonDocument.Parse(File.ReadAllBytes(RefOut(tag + ".tokens.json")));

    public static float[] ReadFloats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var floats = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, floats, 0, floats.Length * 4);
        return floats;
    }

    public static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt32())];
}
