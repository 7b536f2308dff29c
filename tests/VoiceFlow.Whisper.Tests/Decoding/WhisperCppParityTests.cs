using System.Text;
using VoiceFlow.Whisper.Decoding;
using VoiceFlow.Whisper.Tests.Support;
using VoiceFlow.Whisper.Tests.Text;
using VoiceFlow.Whisper.Text;

namespace VoiceFlow.Whisper.Tests.Decoding;

/// <summary>Details where the engine once differed from whisper.cpp 233fe1f, each pinned to whisper.cpp's behaviour.</summary>
public class WhisperCppParityTests
{
    private const int One = 256;
    private const int Two = 257;
    private static readonly WhisperVocabulary Vocabulary = new(
        [.. Enumerable.Range(0, 256).Select(b => new[] { (byte)b }), [.. " one"u8], [.. " two"u8]], WhisperVocabularyTests.Header(51864));

    private static readonly int Beg = Vocabulary.TimestampBegin;

    private static WhisperTokenData T(int id) => new(id, id >= Beg ? id : 0, 0.5f, -0.7f, 0, 0);

    [Fact]
    public void After_two_different_timestamps_the_next_segment_starts_at_the_later_one()
    {
        // src/whisper.cpp 7700-7709: t0 is updated by every further consecutive timestamp.
        WhisperTokenData[] tokens = [T(Beg), T(One), T(Beg + 50), T(Beg + 60), T(Two), T(Beg + 120)];
        var segments = new List<WhisperSegment>();
        SegmentBuilder.Build(Vocabulary, tokens, 500, 240, 0.1f, segments);

        Assert.Equal([(500L, 600L), (620L, 740L)], segments.Select(s => (s.T0, s.T1)));
        Assert.Equal([Two, Beg + 120], segments[1].Tokens.Select(t => t.Id));
    }

    [Fact]
    public void Previous_text_prompt_holds_min_of_max_text_ctx_and_half_the_context_minus_one_tokens()
    {
        // whisper.cpp: <|startofprev|> + min(n_max_text_ctx, n_text_ctx / 2) - 1 tokens of the past.
        // Letters only, so each word is one token for the GPT-2 pattern.
        var words = Enumerable.Range(0, 300).Select(i => $" w{(char)('a' + (i / 26))}{(char)('a' + (i % 26))}").ToArray();
        var model = new FakeWhisperModel((_, logits) =>
        {
            Array.Fill(logits, -30f);
            logits[50256] = 10f;
            return true;
        }, words: words);
        var options = new WhisperDecodingOptions
        {
            TemperatureIncrement = 0,
            CompressionRatioThreshold = null,
            NoTimestamps = true,
            InitialPrompt = string.Concat(words),
        };

        new WhisperTranscriber(model).Transcribe(new float[16000 * 5], options, cancellationToken: TestContext.Current.CancellationToken);
        var prompt = model.Prompts[0];
        Assert.Equal(1 + 223 + 2, prompt.Count);
        Assert.Equal(Vocabulary.Prev, prompt[0]);
        Assert.Equal(256 + 299, prompt[223]);

        model.Prompts.Clear();
        new WhisperTranscriber(model).Transcribe(new float[16000 * 5], options with { MaxPromptTokens = 10 },
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(1 + 9 + 2, model.Prompts[0].Count);
    }

    [Fact]
    public void At_max_tokens_only_a_timestamp_or_end_of_text_may_follow()
    {
        // whisper.cpp PR 3798 (src/whisper.cpp 6251-6256).
        var processor = new WhisperLogitsProcessor(Vocabulary, new WhisperDecodingOptions { MaxTokensPerWindow = 3 }, 1500);
        var logits = new float[Vocabulary.Size];
        logits[Vocabulary.Eot] = 10f;   // likelier than all timestamps together: no forced timestamp
        var logProbs = new float[logits.Length];
        var probs = new float[logits.Length];
        processor.Process(logits, [Beg, One, Two], true, 0, 0, logProbs, probs);
        Assert.All(logits[..Vocabulary.Eot], v => Assert.Equal(float.NegativeInfinity, v));
        Assert.True(float.IsFinite(logits[Vocabulary.Eot]));
        Assert.True(float.IsFinite(logits[Beg + 10]));

        var before = new float[Vocabulary.Size];
        before[One] = 20f;
        processor.Process(before, [Beg, One], true, 0, 0, logProbs, probs);
        Assert.True(float.IsFinite(before[One]));

        var noTimestamps = new WhisperLogitsProcessor(Vocabulary, new WhisperDecodingOptions { MaxTokensPerWindow = 3, NoTimestamps = true }, 1500);
        var plain = new float[Vocabulary.Size];
        plain[One] = 20f;
        noTimestamps.Process(plain, [One, Two, One], false, 0, 0, logProbs, probs);
        Assert.True(float.IsFinite(plain[One]));
    }

    [Fact]
    public void A_window_cut_at_max_tokens_advances_to_its_last_timestamp()
    {
        // src/whisper.cpp 7766-7773: no single-timestamp-ending skip when the window was cut at max_tokens.
        WhisperTokenData[] single = [T(Beg), T(One), T(Beg + 50)];
        Assert.Equal(3000, SegmentBuilder.Advance(Vocabulary, single, 0, 5000, 100));
        Assert.Equal(100, SegmentBuilder.Advance(Vocabulary, single, 0, 5000, 100, maxTokens: 2));
        Assert.Equal(3000, SegmentBuilder.Advance(Vocabulary, single, 0, 5000, 100, maxTokens: 3));
    }

    [Theory]
    [InlineData(" hello.", 0.01f + 5 + 3)]
    [InlineData("你好", 2f)]           // two code points, not six bytes
    [InlineData("，", 2f)]             // full-width comma as ','
    [InlineData("。", 3f)]             // ideographic full stop as '.'
    [InlineData("！？", 6f)]
    [InlineData("１２", 6f)]           // full-width digits as digits
    [InlineData("\u3000", 0.01f)]     // ideographic space as ' '
    [InlineData("…", 3f)]
    public void Voice_length_counts_code_points_with_cjk_weights(string text, float expected) =>
        Assert.Equal(expected, VoiceLength.Of(Encoding.UTF8.GetBytes(text)), 4);

    [Fact]
    public void Voice_length_counts_a_split_character_per_byte()
    {
        // A character split across tokens: whisper.cpp reads its bytes one by one.
        Assert.Equal(2f, VoiceLength.Of([0xE4, 0xBD]));
        Assert.Equal(1f, VoiceLength.Of([0xA0]));
    }
}
