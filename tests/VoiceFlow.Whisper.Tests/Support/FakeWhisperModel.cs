using System.Text;
using VoiceFlow.Whisper.Inference;

namespace VoiceFlow.Whisper.Tests.Support;

/// <summary>What a scripted decoder step sees: the window start and every token in the KV cache (prompt included).</summary>
internal sealed record FakeStep(int Seek, IReadOnlyList<int> Tokens)
{
    /// <summary>Tokens after the last &lt;|startoftranscript|&gt;-based prompt (what the decoder sampled).</summary>
    public IReadOnlyList<int> Sampled(int promptEnd) => [.. Tokens.Skip(promptEnd)];
}

/// <summary>
/// A model whose decoder returns scripted logits. Token ids 0..255 are single bytes; ids 256.. are the words
/// given to the constructor (e.g. " hello"). The KV cache is the list of tokens, so a wrong cache fork changes
/// what the script sees.
/// </summary>
internal sealed class FakeWhisperModel : IWhisperModel
{
    private readonly Func<FakeStep, float[], bool> _script;
    private float[] _buffer = [];

    /// <param name="script">Fills logits (pre-filled with 0) for a step; return value is ignored.</param>
    public FakeWhisperModel(Func<FakeStep, float[], bool> script, int nVocab = 51864, int textLayers = 4, params string[] words)
    {
        _script = script;
        HyperParameters = new WhisperHyperParameters(nVocab, 1500, 64, 2, 2, 448, 64, 2, textLayers, 80, 0);
        var tokens = new List<byte[]>();
        for (var b = 0; b < 256; b++)
        {
            tokens.Add([(byte)b]);
        }

        foreach (var word in words)
        {
            tokens.Add(Encoding.UTF8.GetBytes(word));
        }

        TokenBytes = tokens;
    }

    public WhisperHyperParameters HyperParameters { get; }

    public IReadOnlyList<byte[]> TokenBytes { get; }

    public List<IReadOnlyList<int>> Prompts { get; } = [];

    public List<int> EncodedOffsets { get; } = [];

    public int DecodeCalls { get; private set; }

    public int LiveStates { get; private set; }

    public int StatesCreated { get; private set; }

    /// <summary>KV cache copies (<see cref="WhisperDecoderState.CopyFrom"/> calls).</summary>
    public int StateCopies { get; private set; }

    public Action? OnDecode { get; set; }

    public MelSpectrogram ComputeMel(ReadOnlySpan<float> samples16k, int threads)
    {
        var content = 1 + (samples16k.Length + 200 - 400) / 160;
        var frames = content + 3000;
        return new MelSpectrogram(new float[80 * frames], 80, frames) { ContentFrames = content };
    }

    public WhisperEncoderOutput Encode(MelSpectrogram mel, int frameOffset, int threads)
    {
        lock (EncodedOffsets)
        {
            EncodedOffsets.Add(frameOffset);
        }

        return new FakeEncoded(frameOffset);
    }

    public WhisperDecoderState CreateDecoderState(WhisperEncoderOutput encoded)
    {
        LiveStates++;
        StatesCreated++;
        return new FakeState(((FakeEncoded)encoded).Seek, this);
    }

    public void Decode(WhisperDecoderState state, ReadOnlySpan<int> tokens, Span<float> logits, int threads)
    {
        var s = (FakeState)state;
        if (s.Tokens.Count == 0)
        {
            lock (Prompts)
            {
                Prompts.Add(tokens.ToArray());
            }
        }

        s.Tokens.AddRange(tokens.ToArray());
        Assert.True(s.Tokens.Count <= HyperParameters.NTextCtx, "decoder context overrun");
        DecodeCalls++;
        OnDecode?.Invoke();
        if (_buffer.Length != logits.Length)
        {
            _buffer = new float[logits.Length];
        }

        Array.Clear(_buffer);
        _script(new FakeStep(s.Seek, [.. s.Tokens]), _buffer);
        _buffer.CopyTo(logits);
    }

    public void Decode(WhisperDecoderState state, ReadOnlySpan<int> tokens, Span<float> logits, int row, Span<float> rowLogits, int threads)
    {
        // The row's logits are what the script gives for the cache up to that token.
        var s = (FakeState)state;
        var prefix = new List<int>(s.Tokens);
        prefix.AddRange(tokens[..(row + 1)].ToArray());
        var buffer = new float[rowLogits.Length];
        _script(new FakeStep(s.Seek, prefix), buffer);
        buffer.CopyTo(rowLogits);
        RowDecodes++;
        Decode(state, tokens, logits, threads);
    }

    /// <summary>
    /// Alignment scores: by default none (the alignment test sets <see cref="AlignmentScript"/>), so word timestamps
    /// on the fake fall back to all zeros.
    /// </summary>
    public Func<int, int, float[]>? AlignmentScript { get; set; }

    public float[] CrossAttentionScores(WhisperEncoderOutput encoded, ReadOnlySpan<int> tokens, IReadOnlyList<AlignmentHead> heads, int threads) =>
        AlignmentScript?.Invoke(tokens.Length, heads.Count) ?? new float[heads.Count * tokens.Length * HyperParameters.NAudioCtx];

    /// <summary>Decoder calls that asked for an extra logits row.</summary>
    public int RowDecodes { get; private set; }

    public void Dispose()
    {
    }

    internal void Released() => LiveStates--;

    internal void Copied() => StateCopies++;

    private sealed class FakeEncoded(int seek) : WhisperEncoderOutput
    {
        public int Seek { get; } = seek;

        public override ReadOnlySpan<float> Output => [];
    }

    private sealed class FakeState(int seek, FakeWhisperModel owner) : WhisperDecoderState
    {
        public int Seek { get; } = seek;

        public List<int> Tokens { get; } = [];

        public override int Length => Tokens.Count;

        public override void Truncate(int length) => Tokens.RemoveRange(length, Tokens.Count - length);

        public override void CopyFrom(WhisperDecoderState other)
        {
            owner.Copied();
            Tokens.Clear();
            Tokens.AddRange(((FakeState)other).Tokens);
        }

        protected override void Dispose(bool disposing) => owner.Released();
    }
}
