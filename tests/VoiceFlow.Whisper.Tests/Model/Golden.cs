using System.Collections.Concurrent;
using System.Text.Json;
using VoiceFlow.Whisper.Inference;
using VoiceFlow.Whisper.Model;

namespace VoiceFlow.Whisper.Tests.Model;

/// <summary>Shared, cached pieces of the golden tests: loaded models, reference mels, reference token files.</summary>
internal static class Golden
{
    private static readonly ConcurrentDictionary<string, WhisperModel> Models = new();
    private static readonly ConcurrentDictionary<string, MelSpectrogram> Mels = new();

    public static WhisperModel Model(string modelTag) =>
        Models.GetOrAdd(modelTag, t => WhisperModel.Load(Fixtures.ModelForTag(t)));

    /// <summary>The reference mel of <paramref name="audio"/> ("10s"/"30s") as whisper.cpp computed it.</summary>
    public static MelSpectrogram Mel(string audio) => Mels.GetOrAdd(audio, a =>
    {
        string name = a == "10s" ? "speech10_16k" : "speech30_16k";
        float[] data = Fixtures.ReadFloats(Fixtures.Ref($"common/{name}.mel.f32"));
        return new MelSpectrogram(data, 80, data.Length / 80);
    });

    public static string Tag(string model, string audio, string mode) => $"{model}_{audio}_{mode}_t1_nfa";

    public static float[] RefFloats(string tag, string kind) => Fixtures.ReadFloats(Fixtures.Ref($"out/{tag}.{kind}.f32"));

    public static JsonDocument Tokens(string tag) => Fixtures.ReadJson(Fixtures.Ref($"out/{tag}.tokens.json"));

    public static float MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        float max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            float d = MathF.Abs(a[i] - b[i]);
            if (!(d <= max))
            {
                max = float.IsNaN(d) ? float.PositiveInfinity : d;
            }
        }

        return max;
    }
}
