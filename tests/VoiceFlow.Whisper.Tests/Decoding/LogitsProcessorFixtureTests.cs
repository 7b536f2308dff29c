using VoiceFlow.Whisper.Decoding;
using VoiceFlow.Whisper.Tests.Support;
using VoiceFlow.Whisper.Text;

namespace VoiceFlow.Whisper.Tests.Decoding;

/// <summary>
/// Our logits rules applied to whisper.cpp's raw logits must give exactly its suppressed logits (the callback
/// stage) and, after the timestamp rules and log-softmax, the token it chose and its probabilities.
/// </summary>
public class LogitsProcessorFixtureTests
{
    public static TheoryData<string> Tags =>
    [
        "test_10s_nt_t1_nfa", "test_10s_ts_t1_nfa", "test_30s_nt_t1_nfa", "test_30s_ts_t1_nfa",
        "tiny_10s_nt_t1_nfa", "tiny_10s_ts_t1_nfa", "tiny_30s_nt_t1_nfa", "tiny_30s_ts_t1_nfa",
    ];

    [Theory]
    [MemberData(nameof(Tags))]
    public void Suppression_matches_whisper_cpp_callback_logits(string tag)
    {
        var (vocabulary, processor, _, sequence) = Load(tag);
        var raw = SharedFixtures.ReadFloats(SharedFixtures.RefOut(tag + ".logits.f32"));
        var expected = SharedFixtures.ReadFloats(SharedFixtures.RefOut(tag + ".cblogits.f32"));
        var n = vocabulary.Size;
        Assert.Equal(4 * n, raw.Length);

        for (var step = 0; step < 4; step++)
        {
            var logits = raw.AsSpan(step * n, n).ToArray();
            processor.SuppressSpecialTokens(logits, isInitial: step == 0);
            var want = expected.AsSpan(step * n, n);
            for (var id = 0; id < n; id++)
            {
                if (BitConverter.SingleToInt32Bits(want[id]) != BitConverter.SingleToInt32Bits(logits[id]))
                {
                    Assert.Fail($"{tag} step {step} (after {string.Join(",", sequence[..step])}): id {id} expected {want[id]} got {logits[id]}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Tags))]
    public void Full_processing_chooses_whisper_cpp_tokens_with_its_log_probabilities(string tag)
    {
        var (vocabulary, processor, calls, sequence) = Load(tag);
        var raw = SharedFixtures.ReadFloats(SharedFixtures.RefOut(tag + ".logits.f32"));
        var n = vocabulary.Size;
        var sampler = new TokenSampler(vocabulary);
        var hasTs = false;
        var seekDelta = 3000;
        var logProbs = new float[n];
        var probs = new float[n];

        var scratch = new float[n];
        var resultTokens = ResultTokens(tag);
        var next = 0;
        for (var step = 0; step < 4; step++)
        {
            // The fixture's diagnostics are the log-softmax of the callback-stage logits.
            var callback = raw.AsSpan(step * n, n).ToArray();
            processor.SuppressSpecialTokens(callback, isInitial: step == 0);
            WhisperLogitsProcessor.LogSoftmax(callback, logProbs, scratch);
            var call = calls[step];
            var bestText = call.GetProperty("best_text_id").GetInt32();
            Assert.Equal(call.GetProperty("best_text_logprob").GetDouble(), logProbs[bestText], 2e-4);

            var logits = raw.AsSpan(step * n, n).ToArray();
            var info = processor.Process(logits, sequence.AsSpan(0, step), hasTs, seekDelta, 0, logProbs, probs);
            var chosen = sampler.Best(probs, logProbs);
            Assert.Equal(sequence[step], chosen.Id);
            if (!info.TimestampForced)
            {
                Assert.Equal(bestText, chosen.Id);
            }

            // Tokens that made it into a segment carry whisper.cpp's final probabilities.
            if (next < resultTokens.Count && resultTokens[next].Id == chosen.Id)
            {
                Assert.Equal(resultTokens[next].PLog, chosen.LogProbability, 2e-4);
                Assert.Equal(resultTokens[next].P, chosen.Probability, 1e-8);
                next++;
            }

            if (chosen.Id > vocabulary.TimestampBegin)
            {
                seekDelta = 2 * (chosen.Id - vocabulary.TimestampBegin);
                hasTs = true;
            }
        }

        Assert.True(next >= 2, $"{tag}: at least two steps compared with segment tokens");
    }

    private static List<(int Id, double P, double PLog)> ResultTokens(string tag)
    {
        using var json = SharedFixtures.TokensJson(tag);
        return [.. json.RootElement.GetProperty("segments").EnumerateArray()
            .SelectMany(s => s.GetProperty("tokens").EnumerateArray())
            .Select(t => (t.GetProperty("id").GetInt32(), t.GetProperty("p").GetDouble(), t.GetProperty("plog").GetDouble()))];
    }

    private static (WhisperVocabulary, WhisperLogitsProcessor, System.Text.Json.JsonElement[], int[]) Load(string tag)
    {
        var (hp, tokens) = GgmlVocabularyReader.Read(SharedFixtures.ModelPath(tag));
        var vocabulary = new WhisperVocabulary(tokens, hp);
        using var json = SharedFixtures.TokensJson(tag);
        var root = json.RootElement;
        var settings = root.GetProperty("settings");
        var prompt = SharedFixtures.Ints(root.GetProperty("teacher_forced_window0").GetProperty("prompt"));
        var noTimestamps = prompt.Contains(vocabulary.NoTimestamps);
        Assert.Equal(settings.GetProperty("no_timestamps").GetBoolean() || hp.NTextLayer == 2, noTimestamps);

        var options = new WhisperDecodingOptions
        {
            NoTimestamps = noTimestamps,
            SuppressBlank = settings.GetProperty("suppress_blank").GetBoolean(),
            SuppressNonSpeechTokens = settings.GetProperty("suppress_nst").GetBoolean(),
            MaxInitialTimestamp = (float)settings.GetProperty("max_initial_ts").GetDouble(),
        };
        var processor = new WhisperLogitsProcessor(vocabulary, options, hp.NAudioCtx);
        var calls = root.GetProperty("decode_calls").EnumerateArray().Select(e => e.Clone()).ToArray();

        // What the decoder sampled in window 0: the fed tokens, plus the last sampled one.
        var fed = SharedFixtures.Ints(root.GetProperty("window_sequences")[0]);
        return (vocabulary, processor, calls, fed);
    }
}
