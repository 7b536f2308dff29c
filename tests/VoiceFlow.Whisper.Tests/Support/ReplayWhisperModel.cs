using VoiceFlow.Whisper.Inference;

namespace VoiceFlow.Whisper.Tests.Support;

/// <summary>
/// Replays whisper.cpp's recorded decoder calls (top-5 logits per call, everything else very unlikely) so the
/// decoding loop can be checked against a fixture run without the model half. Each call asserts that our loop
/// fed the same token whisper.cpp fed.
/// </summary>
internal sealed class ReplayWhisperModel : IWhisperModel
{
    private readonly Dictionary<(int Window, int NPrev), (int PrevId, int[] Ids, float[] Logits)> _calls = [];
    private int _windows;

    public ReplayWhisperModel(string tag)
    {
        var (hp, tokens) = GgmlVocabularyReader.Read(SharedFixtures.ModelPath(tag));
        HyperParameters = hp;
        TokenBytes = tokens;
        using var json = SharedFixtures.TokensJson(tag);
        foreach (var call in json.RootElement.GetProperty("decode_calls").EnumerateArray())
        {
            _calls[(call.GetProperty("window").GetInt32(), call.GetProperty("n_prev").GetInt32())] = (
                call.GetProperty("prev_id").GetInt32(),
                SharedFixtures.Ints(call.GetProperty("top5_ids")),
                [.. call.GetProperty("top5_logits").EnumerateArray().Select(e => (float)e.GetDouble())]);
        }
    }

    public WhisperHyperParameters HyperParameters { get; }

    public IReadOnlyList<byte[]> TokenBytes { get; }

    public int Calls { get; private set; }

    public MelSpectrogram ComputeMel(ReadOnlySpan<float> samples16k, int threads)
    {
        var content = 1 + (samples16k.Length + 200 - 400) / 160;
        return new MelSpectrogram([], 80, content + 3000) { ContentFrames = content };
    }

    public WhisperEncoderOutput Encode(MelSpectrogram mel, int frameOffset, int threads) => new Encoded(_windows++);

    public WhisperDecoderState CreateDecoderState(WhisperEncoderOutput encoded) => new State(((Encoded)encoded).Window);

    public void Decode(WhisperDecoderState state, ReadOnlySpan<int> tokens, Span<float> logits, int threads)
    {
        var s = (State)state;
        if (s.Tokens.Count == 0)
        {
            s.PromptLength = tokens.Length;
        }

        s.Tokens.AddRange(tokens.ToArray());
        var nPrev = s.Tokens.Count - s.PromptLength;
        Assert.True(_calls.TryGetValue((s.Window, nPrev), out var call), $"whisper.cpp made no decoder call for window {s.Window} after {nPrev} tokens");
        if (nPrev > 0)
        {
            Assert.Equal(call.PrevId, s.Tokens[^1]);
        }

        Calls++;
        logits.Fill(-1e4f);
        for (var k = 0; k < call.Ids.Length; k++)
        {
            logits[call.Ids[k]] = call.Logits[k];
        }
    }

    /// <summary>whisper.cpp recorded no logits at the &lt;|startoftranscript|&gt; row: the row is uniform (no speech unlikely).</summary>
    public void Decode(WhisperDecoderState state, ReadOnlySpan<int> tokens, Span<float> logits, int row, Span<float> rowLogits, int threads)
    {
        rowLogits.Fill(0f);
        Decode(state, tokens, logits, threads);
    }

    public float[] CrossAttentionScores(WhisperEncoderOutput encoded, ReadOnlySpan<int> tokens, IReadOnlyList<AlignmentHead> heads, int threads) =>
        throw new NotSupportedException("whisper.cpp's recorded calls hold no attention");

    public void Dispose()
    {
    }

    private sealed class Encoded(int window) : WhisperEncoderOutput
    {
        public int Window { get; } = window;

        public override ReadOnlySpan<float> Output => [];
    }

    private sealed class State(int window) : WhisperDecoderState
    {
        public int Window { get; } = window;

        public int PromptLength { get; set; }

        public List<int> Tokens { get; } = [];

        public override int Length => Tokens.Count;

        public override void Truncate(int length) => Tokens.RemoveRange(length, Tokens.Count - length);

        public override void CopyFrom(WhisperDecoderState other)
        {
            var o = (State)other;
            Tokens.Clear();
            Tokens.AddRange(o.Tokens);
            PromptLength = o.PromptLength;
        }
    }
}
