using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using VoiceFlow.Whisper.Text;

namespace VoiceFlow.Whisper.Decoding;

/// <summary>
/// Picks tokens from processed probabilities as whisper.cpp's <c>whisper_sample_token</c>: the best one, or a
/// draw from the distribution; each result carries the timestamp data used for segment and token times.
/// </summary>
internal sealed class TokenSampler
{
    private readonly WhisperVocabulary _vocabulary;
    private readonly double[] _cumulative;

    public TokenSampler(WhisperVocabulary vocabulary)
    {
        _vocabulary = vocabulary;
        _cumulative = new double[vocabulary.Size];
    }

    /// <summary>The most probable token (lowest id on ties).</summary>
    public WhisperTokenData Best(ReadOnlySpan<float> probs, ReadOnlySpan<float> logProbs)
    {
        // IndexOfMax returns the first of equal maxima, as whisper.cpp's strict '<' scan does.
        var id = Math.Max(0, TensorPrimitives.IndexOfMax(probs));
        return Make(id, probs, logProbs);
    }

    /// <summary>A token drawn from <paramref name="probs"/> as std::discrete_distribution does.</summary>
    public WhisperTokenData Sample(ReadOnlySpan<float> probs, ReadOnlySpan<float> logProbs, Mt19937 rng)
    {
        var sum = 0.0;
        foreach (var p in probs)
        {
            sum += p;
        }

        var running = 0.0;
        for (var i = 0; i < probs.Length; i++)
        {
            running += probs[i] / sum;
            _cumulative[i] = running;
        }

        _cumulative[probs.Length - 1] = 1.0;
        var u = rng.NextCanonical();
        var index = Array.BinarySearch(_cumulative, 0, probs.Length, u);
        if (index < 0)
        {
            index = ~index;
        }
        else
        {
            // lower_bound: the first of equal cumulative values.
            while (index > 0 && _cumulative[index - 1] >= u)
            {
                index--;
            }
        }

        return Make(Math.Min(index, probs.Length - 1), probs, logProbs);
    }

    /// <summary>The <paramref name="count"/> most probable tokens, best first (lowest id on ties).</summary>
    public void Top(ReadOnlySpan<float> probs, ReadOnlySpan<float> logProbs, int count, List<WhisperTokenData> destination)
    {
        destination.Clear();
        Span<int> ids = stackalloc int[count];
        var filled = 0;
        var skip = count > 0 && Vector256.IsHardwareAccelerated;
        ref var first = ref MemoryMarshal.GetReference(probs);
        var i = 0;
        while (i < probs.Length)
        {
            // Once the list is full, 8 ids none above its last are each skipped by the rule below: skip them at once.
            if (skip && filled == count && i + 8 <= probs.Length
                && Vector256.LessThanOrEqualAll(Vector256.LoadUnsafe(ref first, (nuint)i), Vector256.Create(probs[ids[filled - 1]])))
            {
                i += 8;
                continue;
            }

            var p = probs[i];
            if (filled == count && p <= probs[ids[filled - 1]])
            {
                i++;
                continue;
            }

            var position = filled < count ? filled++ : count - 1;
            while (position > 0 && probs[ids[position - 1]] < p)
            {
                ids[position] = ids[position - 1];
                position--;
            }

            ids[position] = i;
            i++;
        }

        var timestamps = Timestamps(probs);
        for (var k = 0; k < filled; k++)
        {
            destination.Add(Make(ids[k], probs, logProbs, timestamps));
        }
    }

    private WhisperTokenData Make(int id, ReadOnlySpan<float> probs, ReadOnlySpan<float> logProbs) => Make(id, probs, logProbs, Timestamps(probs));

    /// <summary>The timestamp tokens' total probability and the likeliest of them (the same for every token of a step).</summary>
    private TimestampSummary Timestamps(ReadOnlySpan<float> probs)
    {
        var beg = _vocabulary.TimestampBegin;
        var sumTs = 0.0;
        var maxTs = 0.0;
        var tid = 0;
        for (var i = beg; i < probs.Length; i++)
        {
            sumTs += probs[i];
            if (maxTs < probs[i])
            {
                maxTs = probs[i];
                tid = i;
            }
        }

        return new TimestampSummary(sumTs, maxTs, tid);
    }

    private WhisperTokenData Make(int id, ReadOnlySpan<float> probs, ReadOnlySpan<float> logProbs, TimestampSummary timestamps)
    {
        var tid = timestamps.Id;
        var pt = (float)(timestamps.Max / (timestamps.Sum + 1e-10));
        var p = probs[id];
        if (id >= _vocabulary.TimestampBegin)
        {
            tid = id;
            pt = p;
        }

        return new WhisperTokenData(id, tid, p, logProbs[id], pt, (float)timestamps.Sum);
    }

    private readonly record struct TimestampSummary(double Sum, double Max, int Id);
}
