using System.Text.Json;
using VoiceFlow.Tests.Shared;
using VoiceFlow.Whisper.Decoding;
using VoiceFlow.Whisper.Model;
using VoiceFlow.Whisper.Tests.Support;

namespace VoiceFlow.Whisper.Tests.Decoding;

/// <summary>
/// Multilingual (51865 tokens) and large-v3-turbo (51866 tokens, 128 mel bins, 4 decoder layers) shapes against
/// whisper.cpp's transcriptions in <c>../shared/fixtures/whisper-shapes</c>: every text token and the detected
/// language, for every reference file. The engine's decoded segments are compared (no hallucination filter).
/// </summary>
public class ModelShapesFixtureTests
{
    /// <summary>The end-of-text id of multilingual vocabularies: every id below it is text.</summary>
    private const int MultilingualEot = 50257;

    public static TheoryData<string> References =>
    [
        "multi_10s_nt_en", "multi_10s_ts_de", "multi_10s_ts_en", "multi_30s_nt_de", "multi_30s_ts_auto", "multi_30s_ts_en",
        "v3turbo_10s_nt_en", "v3turbo_10s_ts_de", "v3turbo_10s_ts_en", "v3turbo_30s_nt_de", "v3turbo_30s_ts_auto", "v3turbo_30s_ts_en",
    ];

    [Theory]
    [MemberData(nameof(References))]
    public void Text_tokens_and_language_match_whisper_cpp(string reference)
    {
        var (model, audio, mode, language) = Parse(reference);
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(ShapesDirectory(), "ref", reference + ".json")));
        var root = json.RootElement;
        var expectedTokens = root.GetProperty("transcription").EnumerateArray()
            .SelectMany(s => s.GetProperty("tokens").EnumerateArray())
            .Select(t => t.GetProperty("id").GetInt32())
            .Where(id => id < MultilingualEot)
            .ToArray();
        var expectedLanguage = root.GetProperty("result").GetProperty("language").GetString();

        var samples = SharedFixtures.ReadFloats(Path.Combine(SharedFixtures.WhisperDirectory(), "ref", "common", $"speech{audio}_16k.pcm.f32"));
        using var whisper = WhisperModel.Load(Path.Combine(ShapesDirectory(), "models", $"ggml-random-{model}-s64-f32.bin"));
        var options = new WhisperDecodingOptions
        {
            Strategy = WhisperSamplingStrategy.Greedy,
            BestOf = 1,
            BeamSize = 1,
            TemperatureIncrement = 0,
            NoTimestamps = mode == "nt",
            Language = language,
            CompressionRatioThreshold = null,
            ConditionOnPreviousText = true,
            Threads = 1,
        };

        var result = new WhisperTranscriber(whisper).Transcribe(samples, options, cancellationToken: TestContext.Current.CancellationToken);
        var actualTokens = result.Segments.SelectMany(s => s.Tokens).Select(t => t.Id).Where(id => id < MultilingualEot).ToArray();

        Assert.Equal(expectedLanguage, result.Language);
        Assert.Equal(expectedTokens, actualTokens);
    }

    private static (string Model, string Audio, string Mode, string Language) Parse(string reference)
    {
        var parts = reference.Split('_');
        return (parts[0], parts[1].TrimEnd('s'), parts[2], parts[3]);
    }

    private static string ShapesDirectory()
    {
        var dir = SharedFolder.Path is { } shared ? Path.Combine(shared, "fixtures", "whisper-shapes") : null;
        if (dir is null || !Directory.Exists(dir))
        {
            Assert.Skip("whisper-shapes fixtures not found: place them in <repo>/../shared/fixtures/whisper-shapes.");
        }

        return dir;
    }
}
