using VoiceFlow.Whisper.Decoding;
using VoiceFlow.Whisper.Tests.Text;
using VoiceFlow.Whisper.Text;

namespace VoiceFlow.Whisper.Tests.Decoding;

public class TokenSamplerTests
{
    private static readonly WhisperVocabulary Vocabulary = new([], WhisperVocabularyTests.Header(51864));
    private static readonly int Beg = Vocabulary.TimestampBegin;

    private static (float[] Probs, float[] LogProbs) Distribution(params (int Id, float P)[] entries)
    {
        var probs = new float[Vocabulary.Size];
        var logProbs = new float[Vocabulary.Size];
        Array.Fill(logProbs, float.NegativeInfinity);
        foreach (var (id, p) in entries)
        {
            probs[id] = p;
            logProbs[id] = MathF.Log(p);
        }

        return (probs, logProbs);
    }

    [Fact]
    public void Best_takes_the_first_of_equal_maxima_and_reports_the_best_timestamp()
    {
        var (probs, logProbs) = Distribution((7, 0.3f), (9, 0.3f), (Beg + 4, 0.1f), (Beg + 8, 0.3f));
        var best = new TokenSampler(Vocabulary).Best(probs, logProbs);
        Assert.Equal(7, best.Id);
        Assert.Equal(Beg + 8, best.TimestampId);
        Assert.Equal(0.75f, best.TimestampProbability, 1e-5);
        Assert.Equal(0.4f, best.TimestampProbabilitySum, 1e-5);

        var ts = new TokenSampler(Vocabulary).Best(Distribution((Beg + 8, 0.9f), (3, 0.1f)).Probs, Distribution((Beg + 8, 0.9f), (3, 0.1f)).LogProbs);
        Assert.Equal((Beg + 8, Beg + 8, 0.9f), (ts.Id, ts.TimestampId, ts.TimestampProbability));
    }

    [Fact]
    public void Top_returns_the_most_probable_tokens_best_first()
    {
        var (probs, logProbs) = Distribution((5, 0.1f), (6, 0.4f), (7, 0.2f), (8, 0.2f), (9, 0.1f));
        var top = new List<WhisperTokenData>();
        new TokenSampler(Vocabulary).Top(probs, logProbs, 3, top);
        Assert.Equal([6, 7, 8], top.Select(t => t.Id));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(8)]
    public void Top_is_the_one_by_one_scan_over_ties_zeros_and_nan(int count)
    {
        // Probabilities on a coarse grid (many ties), runs of zeros, a NaN and a rising tail: the skipped blocks must
        // not change which ids are kept nor their order (the reference keeps the scan's rule, one id at a time).
        var rng = new Random(17 + count);
        var probs = new float[Vocabulary.Size];
        for (var i = 0; i < probs.Length; i++)
        {
            probs[i] = i % 1000 < 600 ? 0f : rng.Next(50) / 64f;
        }

        probs[12345] = float.NaN;
        for (var i = probs.Length - 40; i < probs.Length; i++)
        {
            probs[i] = (i - probs.Length + 40) / 39f;
        }

        var logProbs = probs.Select(p => MathF.Log(p)).ToArray();
        var top = new List<WhisperTokenData>();
        new TokenSampler(Vocabulary).Top(probs, logProbs, count, top);

        var ids = new List<int>();
        for (var i = 0; i < probs.Length; i++)
        {
            if (ids.Count == count && probs[i] <= probs[ids[^1]])
            {
                continue;
            }

            var position = ids.Count < count ? ids.Count : count - 1;
            if (ids.Count < count)
            {
                ids.Add(i);
            }

            while (position > 0 && probs[ids[position - 1]] < probs[i])
            {
                ids[position] = ids[position - 1];
                position--;
            }

            ids[position] = i;
        }

        Assert.Equal(ids, top.Select(t => t.Id));
        var sumTs = 0.0;
        var maxTs = 0.0;
        var tid = 0;
        for (var i = Beg; i < probs.Length; i++)
        {
            sumTs += probs[i];
            if (maxTs < probs[i])
            {
                (maxTs, tid) = (probs[i], i);
            }
        }

        Assert.All(top, t => Assert.Equal((t.Id >= Beg ? t.Id : tid, (float)sumTs), (t.TimestampId, t.TimestampProbabilitySum)));
    }

    [Fact]
    public void Sampling_follows_the_distribution_and_is_reproducible_for_a_seed()
    {
        var (probs, logProbs) = Distribution((10, 0.25f), (20, 0.75f));
        var sampler = new TokenSampler(Vocabulary);
        var rng = new Mt19937(1);
        var draws = Enumerable.Range(0, 4000).Select(_ => sampler.Sample(probs, logProbs, rng).Id).ToArray();
        Assert.All(draws, id => Assert.True(id is 10 or 20));
        Assert.InRange(draws.Count(id => id == 20) / 4000.0, 0.72, 0.78);

        var again = new Mt19937(1);
        Assert.Equal(draws[..50], Enumerable.Range(0, 50).Select(_ => sampler.Sample(probs, logProbs, again).Id));
    }
}
