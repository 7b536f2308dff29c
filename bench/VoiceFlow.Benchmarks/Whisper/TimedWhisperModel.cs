using System.Diagnostics;
using VoiceFlow.Whisper.Inference;

namespace VoiceFlow.Benchmarks.Whisper;

/// <summary>
/// Times every call the decoding loop makes into a model, by kind (whisper_print_timings' lines): mel, encode,
/// prompt (a decoder call of several tokens), decode (one token per state: a step, of one or several beams).
/// What the loop spends outside the model is its rules, sampling and beam bookkeeping.
/// </summary>
internal sealed class TimedWhisperModel(IWhisperModel inner) : IWhisperModel
{
    public double MelMs { get; private set; }

    public double EncodeMs { get; private set; }

    public int Encodes { get; private set; }

    public double PromptMs { get; private set; }

    public int Prompts { get; private set; }

    public double DecodeMs { get; private set; }

    /// <summary>Decoder steps (one call: one token for each running beam or candidate).</summary>
    public int Steps { get; private set; }

    /// <summary>Tokens decoded by those steps (one per state per step).</summary>
    public int Tokens { get; private set; }

    public double ModelMs => MelMs + EncodeMs + PromptMs + DecodeMs;

    public WhisperHyperParameters HyperParameters => inner.HyperParameters;

    public IReadOnlyList<byte[]> TokenBytes => inner.TokenBytes;

    public void Reset()
    {
        MelMs = EncodeMs = PromptMs = DecodeMs = 0;
        Encodes = Prompts = Steps = Tokens = 0;
    }

    public MelSpectrogram ComputeMel(ReadOnlySpan<float> samples16k, int threads)
    {
        long t = Stopwatch.GetTimestamp();
        var mel = inner.ComputeMel(samples16k, threads);
        MelMs += Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        return mel;
    }

    public WhisperEncoderOutput Encode(MelSpectrogram mel, int frameOffset, int threads)
    {
        long t = Stopwatch.GetTimestamp();
        var encoded = inner.Encode(mel, frameOffset, threads);
        EncodeMs += Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        Encodes++;
        return encoded;
    }

    public WhisperDecoderState CreateDecoderState(WhisperEncoderOutput encoded) => inner.CreateDecoderState(encoded);

    public void Decode(WhisperDecoderState state, ReadOnlySpan<int> tokens, Span<float> logits, int threads)
    {
        long t = Stopwatch.GetTimestamp();
        inner.Decode(state, tokens, logits, threads);
        Charge(t, tokens.Length, prompt: tokens.Length > 1);
    }

    public void Decode(WhisperDecoderState state, ReadOnlySpan<int> tokens, Span<float> logits, int row, Span<float> rowLogits, int threads)
    {
        long t = Stopwatch.GetTimestamp();
        inner.Decode(state, tokens, logits, row, rowLogits, threads);
        Charge(t, tokens.Length, prompt: true);
    }

    public void DecodeBatch(ReadOnlySpan<WhisperDecoderState> states, ReadOnlySpan<int> tokens, Span<float> logits, int threads)
    {
        long t = Stopwatch.GetTimestamp();
        inner.DecodeBatch(states, tokens, logits, threads);
        Charge(t, tokens.Length, prompt: false);
    }

    public float[] CrossAttentionScores(WhisperEncoderOutput encoded, ReadOnlySpan<int> tokens, IReadOnlyList<AlignmentHead> heads, int threads) =>
        inner.CrossAttentionScores(encoded, tokens, heads, threads);

    public void Dispose() => inner.Dispose();

    private void Charge(long start, int tokens, bool prompt)
    {
        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (prompt)
        {
            PromptMs += ms;
            Prompts++;
        }
        else
        {
            DecodeMs += ms;
            Steps++;
            Tokens += tokens;
        }
    }
}
