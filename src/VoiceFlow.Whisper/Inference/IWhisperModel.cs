namespace VoiceFlow.Whisper.Inference;

/// <summary>Hyper-parameters from a ggml model file's header, in file order.</summary>
public sealed record WhisperHyperParameters(
    int NVocab,
    int NAudioCtx,
    int NAudioState,
    int NAudioHead,
    int NAudioLayer,
    int NTextCtx,
    int NTextState,
    int NTextHead,
    int NTextLayer,
    int NMels,
    int FType)
{
    /// <summary>Multilingual models have a larger vocabulary (51865+) than English-only ones (51864).</summary>
    public bool IsMultilingual => NVocab >= 51865;
}

/// <summary>A log-mel spectrogram, row-major <c>[NMels][NFrames]</c>, already including whisper.cpp's 30 s zero pad.</summary>
public sealed record MelSpectrogram(float[] Data, int NMels, int NFrames)
{
    /// <summary>Frames that hold real audio (without the trailing pad); 100 frames per second.</summary>
    public int ContentFrames { get; init; } = NFrames;
}

/// <summary>
/// The model half of Whisper, as the decoding loop sees it: mel front end, encoder, and a decoder
/// that appends tokens to a KV cache and returns the logits of the last one. Thread-safe for
/// different states; one state is used by one thread at a time.
/// </summary>
public interface IWhisperModel : IDisposable
{
    WhisperHyperParameters HyperParameters { get; }

    /// <summary>Raw bytes of every token stored in the file (ids 0..Count-1); special ids above are not stored.</summary>
    IReadOnlyList<byte[]> TokenBytes { get; }

    /// <summary>Computes whisper.cpp's log-mel spectrogram of 16 kHz samples (with the 30 s zero pad appended).</summary>
    MelSpectrogram ComputeMel(ReadOnlySpan<float> samples16k, int threads);

    /// <summary>Runs the encoder on frames [frameOffset, frameOffset + 2*NAudioCtx) of <paramref name="mel"/> (zero past its end).</summary>
    WhisperEncoderOutput Encode(MelSpectrogram mel, int frameOffset, int threads);

    /// <summary>Creates an empty decoder state (KV cache) attending to <paramref name="encoded"/>.</summary>
    WhisperDecoderState CreateDecoderState(WhisperEncoderOutput encoded);

    /// <summary>
    /// Appends <paramref name="tokens"/> at positions <c>state.Length ..</c> and writes the raw logits
    /// (before any suppression) of the last appended token into <paramref name="logits"/> (length NVocab).
    /// </summary>
    void Decode(WhisperDecoderState state, ReadOnlySpan<int> tokens, Span<float> logits, int threads);

    /// <summary>
    /// Like <see cref="Decode(WhisperDecoderState, ReadOnlySpan{int}, Span{float}, int)"/>, and also writes the raw
    /// logits of <c>tokens[row]</c> into <paramref name="rowLogits"/>: one extra logits row, for the no-speech
    /// probability, which Whisper predicts right after &lt;|startoftranscript|&gt; (not the last prompt token when a
    /// language, task or no-timestamps token follows it).
    /// </summary>
    void Decode(WhisperDecoderState state, ReadOnlySpan<int> tokens, Span<float> logits, int row, Span<float> rowLogits, int threads);

    /// <summary>
    /// Appends <c>tokens[i]</c> to <c>states[i]</c> for every i (the beams or best-of candidates of one step, all
    /// attending to one encoder output) and writes state i's raw logits at <c>logits[i * NVocab ..]</c>. The same
    /// numbers as decoding each state on its own; a model may do it in one pass that reads its weights once.
    /// </summary>
    void DecodeBatch(ReadOnlySpan<WhisperDecoderState> states, ReadOnlySpan<int> tokens, Span<float> logits, int threads)
    {
        if (states.Length != tokens.Length)
        {
            throw new ArgumentException($"{states.Length} states for {tokens.Length} tokens: give one token per state", nameof(tokens));
        }

        int vocab = HyperParameters.NVocab;
        for (int i = 0; i < states.Length; i++)
        {
            Decode(states[i], tokens.Slice(i, 1), logits.Slice(i * vocab, vocab), threads);
        }
    }

    /// <summary>
    /// Runs the decoder over <paramref name="tokens"/> from an empty cache on <paramref name="encoded"/> and returns the
    /// cross-attention scores (query·key, before the softmax) of each of <paramref name="heads"/>, row-major
    /// <c>[head][token][NAudioCtx]</c>: what word-level timestamps align. Decoding itself never computes them.
    /// </summary>
    float[] CrossAttentionScores(WhisperEncoderOutput encoded, ReadOnlySpan<int> tokens, IReadOnlyList<AlignmentHead> heads, int threads);
}

/// <summary>One decoder cross-attention head: <paramref name="Layer"/> and <paramref name="Head"/> count from 0.</summary>
public readonly record struct AlignmentHead(int Layer, int Head);

/// <summary>Encoder result for one 30 s window, including the cross-attention keys/values computed once.</summary>
public abstract class WhisperEncoderOutput : IDisposable
{
    /// <summary>Encoder output, row-major <c>[NAudioCtx][NAudioState]</c> (for tests and diagnostics).</summary>
    public abstract ReadOnlySpan<float> Output { get; }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing) { }
}

/// <summary>A decoder's self-attention KV cache over one encoder output.</summary>
public abstract class WhisperDecoderState : IDisposable
{
    /// <summary>Number of tokens already in the cache.</summary>
    public abstract int Length { get; }

    /// <summary>Drops cached tokens past <paramref name="length"/> (to re-decode from a prefix).</summary>
    public abstract void Truncate(int length);

    /// <summary>Makes this state an exact copy of <paramref name="other"/> (beam search forks).</summary>
    public abstract void CopyFrom(WhisperDecoderState other);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing) { }
}
