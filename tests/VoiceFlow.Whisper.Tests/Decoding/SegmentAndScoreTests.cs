using VoiceFlow.Whisper.Decoding;
using VoiceFlow.Whisper.Tests.Text;
using VoiceFlow.Whisper.Text;

namespace VoiceFlow.Whisper.Tests.Decoding;

public class SegmentAndScoreTests
{
    private static readonly WhisperVocabulary Vocabulary = new(
        [.. Enumerable.Range(0, 256).Select(b => new[] { (byte)b }), [.. " one"u8], [.. " two"u8]], WhisperVocabularyTests.Header(51864));

    private const int One = 256;
    private const int Two = 257;
    private static readonly int Beg = Vocabulary.TimestampBegin;

    private static WhisperTokenData T(int id, float logProb = -0.5f) => new(id, id >= Beg ? id : 0, MathF.Exp(logProb), logProb, 0, 0);

    [Fact]
    public void Segments_are_cut_at_timestamps_and_a_trailing_text_ends_at_the_window_advance()
    {
        WhisperTokenData[] tokens = [T(Beg), T(One), T(Beg + 50), T(Beg + 50), T(Two), T(Beg + 120), T(One)];
        var segments = new List<WhisperSegment>();
        SegmentBuilder.Build(Vocabulary, tokens, 500, 240, 0.25f, segments);

        Assert.Equal([(500L, 600L, " one"), (600L, 740L, " two"), (740L, 740L, " one")], segments.Select(s => (s.T0, s.T1, s.Text)));
        Assert.Equal([Beg, One, Beg + 50], segments[0].Tokens.Select(t => t.Id));
        Assert.Equal([Two, Beg + 120], segments[1].Tokens.Select(t => t.Id));
        Assert.All(segments, s => Assert.Equal(0.25f, s.NoSpeechProbability));
    }

    [Fact]
    public void Window_advances_to_the_last_timestamp_unless_it_ends_with_a_single_timestamp()
    {
        WhisperTokenData[] pair = [T(Beg), T(One), T(Beg + 50), T(Beg + 50)];
        Assert.Equal(100, SegmentBuilder.Advance(Vocabulary, pair, 0, 5000, 100));

        WhisperTokenData[] single = [T(Beg), T(One), T(Beg + 50)];
        Assert.Equal(3000, SegmentBuilder.Advance(Vocabulary, single, 0, 5000, 100));
        Assert.Equal(800, SegmentBuilder.Advance(Vocabulary, single, 4200, 5000, 100));
    }

    [Fact]
    public void Score_is_the_mean_log_probability_or_the_length_penalised_sum()
    {
        var slot = new DecoderSlot(0, Vocabulary.Size);
        slot.Reset(3000);
        foreach (var lp in new[] { -1f, -2f, -3f })
        {
            slot.Append(T(One, lp));
        }

        slot.ResultLength = 3;
        slot.ComputeScore(lengthPenalty: -1);
        Assert.Equal(-2.0, slot.Score, 1e-6);
        Assert.Equal(-2.0, slot.AverageLogProb, 1e-6);
        Assert.Equal(-6.0, slot.SumLogProbsAll, 1e-6);
        Assert.Equal(0.0, slot.Entropy, 1e-9);

        slot.ComputeScore(lengthPenalty: 1);
        Assert.Equal(-6.0 / ((5.0 + 3) / 6.0), slot.Score, 1e-6);
    }

    [Fact]
    public void Entropy_measures_variety_of_the_last_32_tokens()
    {
        var slot = new DecoderSlot(0, Vocabulary.Size);
        slot.Reset(3000);
        for (var i = 0; i < 40; i++)
        {
            slot.Append(T(i < 8 ? One : 10 + (i % 4)));
        }

        slot.ResultLength = 40;
        slot.ComputeScore(-1);

        // The last 32 tokens are 4 ids, 8 each: entropy ln 4.
        Assert.Equal(Math.Log(4), slot.Entropy, 1e-9);
    }
}
