using System.Runtime.InteropServices;
using VoiceFlow.Whisper.Inference;

namespace VoiceFlow.Whisper.Decoding;

/// <summary>
/// One decoder of a window (whisper.cpp's <c>whisper_decoder</c>): its token sequence, search bookkeeping, the
/// processed distribution of its next token, and its KV cache.
/// </summary>
internal sealed class DecoderSlot
{
    private readonly List<int> _ids = new(256);

    public DecoderSlot(int index, int vocabularySize)
    {
        Index = index;
        Rng = new Mt19937((uint)index);
        LogProbs = new float[vocabularySize];
        Probs = new float[vocabularySize];
    }

    public int Index { get; }

    /// <summary>Sampling generator; seeded with the decoder index like whisper.cpp, kept for the whole job.</summary>
    public Mt19937 Rng { get; }

    public float[] LogProbs { get; }

    public float[] Probs { get; }

    public WhisperDecoderState? State { get; set; }

    public List<WhisperTokenData> Tokens { get; } = new(256);

    /// <summary>Sampled ids, parallel to <see cref="Tokens"/>, for the logits rules.</summary>
    public ReadOnlySpan<int> Ids => CollectionsMarshal.AsSpan(_ids);

    /// <summary>Tokens that make the result (up to the last timestamp, or all at end-of-text in no-timestamps mode).</summary>
    public int ResultLength { get; set; }

    public double SumLogProbsAll { get; set; }

    public double SumLogProbs { get; private set; }

    public double AverageLogProb { get; private set; }

    public double Entropy { get; private set; }

    public double Score { get; private set; }

    /// <summary>Window advance implied by the last timestamp, in 10 ms frames.</summary>
    public int SeekDelta { get; set; }

    public bool HasTimestamp { get; set; }

    public bool Failed { get; set; }

    public bool Completed { get; set; }

    public bool Active => !Failed && !Completed;

    public void Reset(int seekDelta)
    {
        Tokens.Clear();
        _ids.Clear();
        ResultLength = 0;
        SumLogProbsAll = 0;
        SumLogProbs = double.NegativeInfinity;
        AverageLogProb = double.NegativeInfinity;
        Entropy = 0;
        Score = double.NegativeInfinity;
        SeekDelta = seekDelta;
        Failed = false;
        Completed = false;
        HasTimestamp = false;
    }

    public void Append(WhisperTokenData token)
    {
        Tokens.Add(token);
        _ids.Add(token.Id);
        SumLogProbsAll += token.LogProbability;
    }

    /// <summary>Replaces the sequence with <paramref name="tokens"/> followed by <paramref name="last"/> (a beam-search candidate).</summary>
    public void SetSequence(List<WhisperTokenData> tokens, WhisperTokenData last, double sumLogProbsAll)
    {
        Tokens.Clear();
        _ids.Clear();
        Tokens.AddRange(tokens);
        foreach (var t in tokens)
        {
            _ids.Add(t.Id);
        }

        Tokens.Add(last);
        _ids.Add(last.Id);
        SumLogProbsAll = sumLogProbsAll;
    }

    public void TruncateToResult()
    {
        var length = Math.Min(ResultLength, Tokens.Count);
        Tokens.RemoveRange(length, Tokens.Count - length);
        _ids.RemoveRange(length, _ids.Count - length);
    }

    /// <summary>whisper.cpp's <c>whisper_sequence_score</c>: length-penalised log-probability and token entropy.</summary>
    public void ComputeScore(float lengthPenalty)
    {
        var n = ResultLength;
        if (n == 0)
        {
            return;
        }

        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            sum += Tokens[i].LogProbability;
        }

        SumLogProbs = sum;
        AverageLogProb = sum / n;
        double penalty = n;
        if (lengthPenalty > 0)
        {
            penalty = Math.Pow((5.0 + penalty) / 6.0, lengthPenalty);
        }

        Score = sum / penalty;

        // Entropy of the token distribution over the last 32 tokens: low means a repetition loop.
        const int window = 32;
        var start = Math.Max(0, n - window);
        var total = (double)(n - start);
        var entropy = 0.0;
        for (var i = start; i < n; i++)
        {
            // Each distinct id once, at its first occurrence, counted in place: scoring allocates nothing.
            var id = Tokens[i].Id;
            var seenBefore = false;
            var count = 0;
            for (var j = start; j < n; j++)
            {
                if (Tokens[j].Id == id)
                {
                    seenBefore |= j < i;
                    count++;
                }
            }

            if (!seenBefore)
            {
                var p = count / total;
                entropy -= p * Math.Log(p);
            }
        }

        Entropy = entropy;
    }
}
