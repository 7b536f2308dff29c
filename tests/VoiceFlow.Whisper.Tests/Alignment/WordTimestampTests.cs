using System.Text;
using VoiceFlow.Whisper.Alignment;
using VoiceFlow.Whisper.Decoding;
using VoiceFlow.Whisper.Inference;
using VoiceFlow.Whisper.Model;
using VoiceFlow.Whisper.Tests.Support;
using VoiceFlow.Whisper.Tests.Text;
using VoiceFlow.Whisper.Text;

namespace VoiceFlow.Whisper.Tests.Alignment;

/// <summary>Word grouping, punctuation merging, and word times end to end (scripted attention and the fixture models).</summary>
public class WordTimestampTests
{
    private static readonly string[] Pieces = [" hel", "lo", ",", " world", ".", " (", "again", ")", "你", "好"];

    private static readonly WhisperVocabulary Vocabulary = new(
        [.. Enumerable.Range(0, 256).Select(b => new[] { (byte)b }), .. Pieces.Select(p => Encoding.UTF8.GetBytes(p))], WhisperVocabularyTests.Header(51865));

    private static int Id(string piece) => 256 + Array.IndexOf(Pieces, piece);

    private static WhisperTokenData T(int id) => new(id, 0, 0.5f, -0.7f, 0, 0);

    private static WordAligner Aligner() => new(new FakeWhisperModel((_, _) => true, 51865), Vocabulary, [new AlignmentHead(0, 0)]);

    [Fact]
    public void Tokens_group_into_words_at_spaces_and_punctuation_stands_alone()
    {
        WhisperTokenData[] tokens = [T(Id(" hel")), T(Id("lo")), T(Id(",")), T(Id(" world")), T(Id("."))];
        var words = Aligner().SplitToWords(tokens, "en");
        Assert.Equal([" hello", ",", " world", "."], words.Select(w => w.Text));
        Assert.Equal([2, 1, 1, 1], words.Select(w => w.Tokens.Count));
    }

    [Fact]
    public void Languages_without_spaces_split_at_every_whole_character()
    {
        // "你" split over two byte tokens must stay one word.
        var ni = Encoding.UTF8.GetBytes("你");
        WhisperTokenData[] tokens = [T(ni[0]), T(ni[1]), T(ni[2]), T(Id("好"))];
        var words = Aligner().SplitToWords(tokens, "zh");
        Assert.Equal(["你", "好"], words.Select(w => w.Text));
        Assert.Equal([3, 1], words.Select(w => w.Tokens.Count));
    }

    [Fact]
    public void Punctuation_merges_into_its_word_as_openai_does()
    {
        var timings = new[] { " hello", ",", " (", "again", ")", " world", "." }
            .Select((w, i) => new WordAligner.Timing(w, [T(i)], i * 10, (i * 10) + 10)).ToList();
        WordAligner.MergePunctuation(timings);
        Assert.Equal([" hello,", "", "", " (again)", "", " world.", ""], timings.Select(t => t.Word));
        Assert.Equal([2, 0, 0, 3, 0, 2, 0], timings.Select(t => t.Tokens.Count));
    }

    [Fact]
    public void Scripted_attention_with_a_known_path_gives_the_words_their_times()
    {
        // " hello world again": the query of each token looks at the audio of the next one (the decoder predicts it),
        // so <|notimestamps|> looks at "hello" (1-2 s), "hello" at "world" (2-3 s), "world" at "again" (3-4 s).
        int[] rowFrom = [50, 100, 150, 200];
        var model = new FakeWhisperModel((step, logits) =>
        {
            Array.Fill(logits, -30f);
            var sampled = step.Tokens.Count(t => t is >= 256 and < 50256);
            logits[sampled < 3 ? 256 + sampled : 50256] = 10f;
            return true;
        }, 51864, 4, " hello", " world", " again");
        model.AlignmentScript = (tokens, heads) =>
        {
            var scores = new float[heads * tokens * 1500];
            for (var row = 1; row <= 4; row++)
            {
                for (var f = rowFrom[row - 1]; f < rowFrom[row - 1] + 50; f++)
                {
                    scores[(row * 1500) + f] = 10f;
                }
            }

            return scores;
        };

        var options = new WhisperDecodingOptions { TemperatureIncrement = 0, CompressionRatioThreshold = null, NoTimestamps = true, WordTimestamps = true, AlignmentHeads = "0:0" };
        var result = new WhisperTranscriber(model).Transcribe(new float[16000 * 10], options, cancellationToken: TestContext.Current.CancellationToken);

        var segment = Assert.Single(result.Segments);
        Assert.Equal([(" hello", 0L, 200L), (" world", 200L, 300L), (" again", 300L, 400L)], segment.Words!.Select(w => (w.Text, w.T0, w.T1)));
    }

    public static TheoryData<string, string, bool> FixtureRuns => new()
    {
        { "whisper/models/ggml-random-tiny.en-f16.bin", "speech10_16k", false },
        { "whisper-shapes/models/ggml-random-v3turbo-s64-f32.bin", "speech30_16k", false },
        { "whisper-shapes/models/ggml-random-multi-s64-f32.bin", "speech10_16k", true },
    };

    [Theory]
    [MemberData(nameof(FixtureRuns))]
    public void Word_times_on_the_fixture_models_lie_inside_their_segment_and_never_decrease(string model, string audio, bool noTimestamps)
    {
        var samples = SharedFixtures.ReadFloats(Path.Combine(SharedFixtures.WhisperDirectory(), "ref", "common", audio + ".pcm.f32"));
        using var whisper = WhisperModel.Load(Path.Combine(SharedFixtures.WhisperDirectory(), "..", model));
        var options = new WhisperDecodingOptions
        {
            BestOf = 1,
            TemperatureIncrement = 0,
            NoTimestamps = noTimestamps,
            Language = "en",
            CompressionRatioThreshold = null,
            ConditionOnPreviousText = true,
            WordTimestamps = true,
            Threads = 2,
        };

        var result = new WhisperTranscriber(whisper).Transcribe(samples, options, cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotEmpty(result.Segments);
        long last = 0;
        foreach (var segment in result.Segments)
        {
            Assert.NotNull(segment.Words);
            Assert.NotEmpty(segment.Words);
            Assert.Equal(segment.Text.Replace(" ", "", StringComparison.Ordinal), string.Concat(segment.Words.Select(w => w.Text)).Replace(" ", "", StringComparison.Ordinal));
            foreach (var word in segment.Words)
            {
                Assert.InRange(word.T0, Math.Max(last, segment.T0), segment.T1);
                Assert.InRange(word.T1, word.T0, segment.T1);
                last = word.T1;
            }
        }
    }
}
