using VoiceFlow.Whisper.Inference;

namespace VoiceFlow.Whisper.Tests.Support;

/// <summary>
/// A real model that does not batch: <see cref="IWhisperModel.DecodeBatch"/> falls back to the interface's
/// one-state-at-a-time loop, the reference the batched pass must reproduce.
/// </summary>
internal sealed class OneByOneModel(IWhisperModel inner) : IWhisperModel
{
    public WhisperHyperParameters HyperParameters => inner.HyperParameters;

    public IReadOnlyList<byte[]> TokenBytes => inner.TokenBytes;

    public MelSpectrogram ComputeMel(ReadOnlySpan<float> samples16k, int threads) => inner.ComputeMel(samples16k, threads);

    public WhisperEncoderOutput Encode(MelSpectrogram mel, int frameOffset, int threads) => inner.Encode(mel, frameOffset, threads);

    public WhisperDecoderState CreateDecoderState(WhisperEncoderOutput encoded) => inner.CreateDecoderState(encoded);

    public void Decode(WhisperDecoderState state, ReadOnlySpan<int> tokens, Span<float> logits, int threads) =>
        inner.Decode(state, tokens, logits, threads);

    public void Decode(WhisperDecoderState state, ReadOnlySpan<int> tokens, Span<float> logits, int row, Span<float> rowLogits, int threads) =>
        inner.Decode(state, tokens, logits, row, rowLogits, threads);

    public float[] CrossAttentionScores(WhisperEncoderOutput encoded, ReadOnlySpan<int> tokens, IReadOnlyList<AlignmentHead> heads, int threads) =>
        inner.CrossAttentionScores(encoded, tokens, heads, threads);

    public void Dispose()
    {
        // The inner model is shared (Golden's cache).
    }
}
