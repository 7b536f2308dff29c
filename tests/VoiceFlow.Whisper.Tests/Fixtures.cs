using System.Runtime.InteropServices;
using System.Text.Json;
using VoiceFlow.Tests.Shared;

namespace VoiceFlow.Whisper.Tests;

/// <summary>Locates the shared Whisper fixtures (<c>&lt;repo&gt;/../shared</c> or <c>VOICEFLOW_SHARED_DIR</c>) and reads them.</summary>
internal static class Fixtures
{
    private static readonly Lazy<string?> Root = new(FindRoot);

    public static string Dir
    {
        get
        {
            string? root = Root.Value;
            if (root is null)
            {
                Assert.Skip("Whisper fixtures not found (set VOICEFLOW_SHARED_DIR or place them in <repo>/../shared/fixtures/whisper)");
            }

            return root;
        }
    }

    public static string Model(string name) => Path.Combine(Dir, "models", name);

    public static string Ref(string relative) => Path.Combine(Dir, "ref", relative);

    public static float[] ReadFloats(string path) => MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path)).ToArray();

    public static JsonDocument ReadJson(string path) => JsonDocument.Parse(File.ReadAllBytes(path));

    /// <summary>The model file used for a reference tag prefix (test, tiny, test_q8_0...).</summary>
    public static string ModelForTag(string model) => model switch
    {
        "test" => Model("ggml-random-test-s64-f32.bin"),
        "tiny" => Model("ggml-random-tiny.en-f16.bin"),
        "tiny_q5_1" => Model("ggml-random-tiny.en-q5_1.bin"),
        _ when model.StartsWith("test_", StringComparison.Ordinal) => Model($"ggml-random-test-s64-{model[5..]}.bin"),
        _ => throw new ArgumentException(model),
    };

    private static string? FindRoot() =>
        SharedFolder.Path is { } shared && Directory.Exists(System.IO.Path.Combine(shared, "fixtures", "whisper"))
            ? System.IO.Path.Combine(shared, "fixtures", "whisper")
            : null;
}
