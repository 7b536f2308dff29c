using VoiceFlow.Whisper.Decoding;
using VoiceFlow.Whisper.Tests.Text;
using VoiceFlow.Whisper.Text;

namespace VoiceFlow.Whisper.Tests.Decoding;

public class LogitsRulesTests
{
    private const int Word = 256;
    private static readonly WhisperVocabulary Vocabulary = new(
        [.. Enumerable.Range(0, 256).Select(b => new[] { (byte)b }), [.. " hello"u8]], WhisperVocabularyTests.Header(51864));

    private static readonly int Beg = Vocabulary.TimestampBegin;
    private static readonly int Eot = Vocabulary.Eot;

    private static (float[] Logits, float[] LogProbs, float[] Probs, LogitsStepInfo Info) Run(int[] sampled, bool hasTs = false, int seekDelta = 3000,
        WhisperDecodingOptions? options = null, Action<float[]>? fill = null, float temperature = 0)
    {
        var processor = new WhisperLogitsProcessor(Vocabulary, options ?? new WhisperDecodingOptions(), 1500);
        var logits = new float[Vocabulary.Size];
        // By default timestamps are unlikely, so the forced-timestamp rule stays out of the way.
        (fill ?? (l => l.AsSpan(Beg).Fill(-30f))).Invoke(logits);
        var logProbs = new float[logits.Length];
        var probs = new float[logits.Length];
        var info = processor.Process(logits, sampled, hasTs, seekDelta, temperature, logProbs, probs);
        return (logits, logProbs, probs, info);
    }

    [Fact]
    public void After_a_single_timestamp_only_a_timestamp_or_end_of_text_may_follow()
    {
        var (logits, _, _, info) = Run([Word, Beg + 10], hasTs: true, seekDelta: 20);
        Assert.False(info.TimestampForced);
        Assert.All(logits[..Eot], v => Assert.Equal(float.NegativeInfinity, v));
        Assert.True(float.IsFinite(logits[Eot]));
        Assert.True(float.IsFinite(logits[Beg + 10]));
    }

    [Fact]
    public void After_a_timestamp_pair_or_a_leading_timestamp_text_must_follow()
    {
        var (pair, _, _, _) = Run([Word, Beg + 10, Beg + 10], hasTs: true, seekDelta: 20);
        Assert.All(pair[Beg..], v => Assert.Equal(float.NegativeInfinity, v));
        Assert.True(float.IsFinite(pair[Word]));

        var (leading, _, _, _) = Run([Beg]);
        Assert.All(leading[Beg..], v => Assert.Equal(float.NegativeInfinity, v));
    }

    [Fact]
    public void First_timestamp_is_at_most_the_max_initial_timestamp()
    {
        var (logits, _, _, _) = Run([]);
        Assert.True(float.IsFinite(logits[Beg + 50]));
        Assert.All(logits[(Beg + 51)..], v => Assert.Equal(float.NegativeInfinity, v));

        var (unlimited, _, _, _) = Run([], options: new WhisperDecodingOptions { MaxInitialTimestamp = 0 });
        Assert.True(float.IsFinite(unlimited[^1]));
    }

    [Fact]
    public void Timestamps_never_decrease()
    {
        var (logits, _, _, _) = Run([Word], hasTs: true, seekDelta: 100);
        Assert.All(logits[Beg..(Beg + 50)], v => Assert.Equal(float.NegativeInfinity, v));
        Assert.True(float.IsFinite(logits[Beg + 50]));
    }

    [Fact]
    public void Timestamp_is_forced_when_all_timestamps_together_beat_the_best_text_token()
    {
        void Fill(float[] l)
        {
            Array.Fill(l, -30f);
            l.AsSpan(Beg).Fill(0f);
            l[Word] = 5f;
        }

        var (_, logProbs, probs, info) = Run([Word], fill: Fill);
        Assert.True(info.TimestampForced);
        Assert.Equal(0f, probs[Word]);
        Assert.Equal(float.NegativeInfinity, logProbs[Word]);
        var timestamps = Vocabulary.Size - Beg;
        Assert.Equal(Math.Log(timestamps / (timestamps + Math.Exp(5))), info.TimestampLogProb, 2e-3);

        // At the first step only 51 timestamps are allowed: log(51) < 5, so the word stays possible.
        var (_, _, first, firstInfo) = Run([], fill: Fill);
        Assert.False(firstInfo.TimestampForced);
        Assert.True(first[Word] > 0.5f);
    }

    [Fact]
    public void No_timestamps_mode_blank_and_non_speech_suppression()
    {
        var (nt, _, _, _) = Run([Word], options: new WhisperDecodingOptions { NoTimestamps = true });
        Assert.All(nt[Beg..], v => Assert.Equal(float.NegativeInfinity, v));

        var (initial, _, _, _) = Run([]);
        Assert.Equal(float.NegativeInfinity, initial[' ']);
        Assert.Equal(float.NegativeInfinity, initial[Eot]);
        var (later, _, _, _) = Run([Word]);
        Assert.True(float.IsFinite(later[' ']) && float.IsFinite(later[Eot]));

        var (nst, _, _, _) = Run([Word], options: new WhisperDecodingOptions { SuppressNonSpeechTokens = true });
        Assert.Equal(float.NegativeInfinity, nst['[']);
        Assert.Equal(float.NegativeInfinity, nst['(']);
        Assert.True(float.IsFinite(nst['a']) && float.IsFinite(later['[']));
    }

    [Fact]
    public void Temperature_divides_logits_before_the_softmax()
    {
        static void Fill(float[] l)
        {
            Array.Fill(l, -30f);
            l['a'] = 1f;
            l['b'] = 0f;
        }

        var (_, cold, _, _) = Run([Word], fill: Fill, options: new WhisperDecodingOptions { NoTimestamps = true });
        var (_, warm, _, _) = Run([Word], fill: Fill, options: new WhisperDecodingOptions { NoTimestamps = true }, temperature: 0.5f);
        Assert.Equal(1.0, cold['a'] - cold['b'], 1e-4);
        Assert.Equal(2.0, warm['a'] - warm['b'], 1e-4);
    }

    [Fact]
    public void Mersenne_twister_matches_std_mt19937()
    {
        // The 10000th output of std::mt19937 default-seeded (5489) is 4123659995 (C++ standard, [rand.predef]).
        var rng = new Mt19937(5489);
        uint value = 0;
        for (var i = 0; i < 10000; i++)
        {
            value = rng.Next();
        }

        Assert.Equal(4123659995u, value);
    }
}
