using VoiceFlow.Core.Errors;
using VoiceFlow.Whisper.Decoding;
using VoiceFlow.Whisper.Tests.Support;
using VoiceFlow.Whisper.Text;

namespace VoiceFlow.Whisper.Tests.Decoding;

/// <summary>The translate task in the prompt, the detected language in the result, and the English-only refusal.</summary>
public class TranslateTaskTests
{
    private static readonly WhisperDecodingOptions Options = new()
    {
        TemperatureIncrement = 0,
        CompressionRatioThreshold = null,
        NoTimestamps = true,
    };

    private static FakeWhisperModel Multilingual(int germanBias)
    {
        WhisperVocabulary? vocabulary = null;
        FakeWhisperModel? model = null;
        model = new FakeWhisperModel((step, logits) =>
        {
            vocabulary ??= new WhisperVocabulary(model!.TokenBytes, model.HyperParameters);
            if (step.Tokens[^1] == vocabulary.Sot)
            {
                logits[vocabulary.LanguageToken(WhisperLanguages.IndexOf("de"))] = germanBias;
            }

            logits[step.Tokens.Contains(256) ? vocabulary.Eot : 256] = 30f;
            return true;
        }, 51865, 4, " hallo");
        return model;
    }

    [Fact]
    public void Translate_puts_the_translate_token_after_the_language()
    {
        var model = Multilingual(0);
        var vocabulary = new WhisperVocabulary(model.TokenBytes, model.HyperParameters);
        new WhisperTranscriber(model).Transcribe(new float[16000 * 3], Options with { Language = "de", Translate = true },
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([vocabulary.Sot, vocabulary.LanguageToken(WhisperLanguages.IndexOf("de")), vocabulary.Translate, vocabulary.NoTimestamps], model.Prompts[0]);
    }

    [Fact]
    public void Auto_language_is_detected_and_reported_with_its_probability_on_every_segment()
    {
        var model = Multilingual(20);
        var result = new WhisperTranscriber(model).Transcribe(new float[16000 * 3], Options with { Language = "auto", Translate = true },
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("de", result.Language);
        Assert.True(result.LanguageProbability > 0.99f);
        var segment = Assert.Single(result.Segments);
        Assert.Equal(("de", result.LanguageProbability), (segment.Language, segment.LanguageProbability));
    }

    [Fact]
    public void A_given_language_has_no_probability()
    {
        var result = new WhisperTranscriber(Multilingual(20)).Transcribe(new float[16000 * 3], Options with { Language = "fr" },
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("fr", result.Language);
        Assert.True(float.IsNaN(result.LanguageProbability));
        Assert.Equal("fr", Assert.Single(result.Segments).Language);
    }

    [Fact]
    public void Translation_on_an_english_only_model_is_an_unsupported_option()
    {
        var english = new FakeWhisperModel((_, _) => true);
        var error = Assert.Throws<UnsupportedOptionException>(() => new WhisperTranscriber(english).Transcribe(new float[16000], Options with { Translate = true },
            cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal("Whisper translation needs a multilingual model; this model is English-only (*.en).", error.Message);
    }
}
