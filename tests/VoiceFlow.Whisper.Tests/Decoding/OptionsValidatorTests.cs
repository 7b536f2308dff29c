using VoiceFlow.Core.Errors;
using VoiceFlow.Whisper.Decoding;
using VoiceFlow.Whisper.Tests.Text;
using VoiceFlow.Whisper.Text;

namespace VoiceFlow.Whisper.Tests.Decoding;

public class OptionsValidatorTests
{
    private static readonly WhisperVocabulary English = new([], WhisperVocabularyTests.Header(51864));
    private static readonly WhisperVocabulary Multilingual99 = new([], WhisperVocabularyTests.Header(51865));
    private static readonly WhisperVocabulary Multilingual100 = new([], WhisperVocabularyTests.Header(51866));

    [Fact]
    public void Languages_must_exist_and_fit_the_model()
    {
        WhisperOptionsValidator.ValidateLanguage("auto", translate: false, English);
        WhisperOptionsValidator.ValidateLanguage("en", translate: false, English);
        WhisperOptionsValidator.ValidateLanguage("de", translate: true, Multilingual99);
        WhisperOptionsValidator.ValidateLanguage("yue", translate: false, Multilingual100);

        Assert.Contains("English-only", Assert.Throws<UnsupportedOptionException>(() => WhisperOptionsValidator.ValidateLanguage("fr", false, English)).Message, StringComparison.Ordinal);
        Assert.Contains("translation", Assert.Throws<UnsupportedOptionException>(() => WhisperOptionsValidator.ValidateLanguage("auto", true, English)).Message, StringComparison.Ordinal);
        Assert.Contains("99 languages", Assert.Throws<UnsupportedOptionException>(() => WhisperOptionsValidator.ValidateLanguage("yue", false, Multilingual99)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(WhisperDecodingOptions.Threads), "threads 0")]
    [InlineData(nameof(WhisperDecodingOptions.TemperatureIncrement), "temperature increment -0.1")]
    [InlineData(nameof(WhisperDecodingOptions.CompressionRatioThreshold), "compression ratio threshold 0")]
    [InlineData(nameof(WhisperDecodingOptions.MaxInitialTimestamp), "max initial timestamp 31")]
    [InlineData(nameof(WhisperDecodingOptions.NoSpeechThreshold), "no-speech threshold 2")]
    public void Out_of_range_values_name_the_option_and_the_value(string option, string expected)
    {
        var options = option switch
        {
            nameof(WhisperDecodingOptions.Threads) => new WhisperDecodingOptions { Threads = 0 },
            nameof(WhisperDecodingOptions.TemperatureIncrement) => new WhisperDecodingOptions { TemperatureIncrement = -0.1f },
            nameof(WhisperDecodingOptions.CompressionRatioThreshold) => new WhisperDecodingOptions { CompressionRatioThreshold = 0 },
            nameof(WhisperDecodingOptions.MaxInitialTimestamp) => new WhisperDecodingOptions { MaxInitialTimestamp = 31 },
            _ => new WhisperDecodingOptions { NoSpeechThreshold = 2 },
        };
        var e = Assert.Throws<EngineException>(() => WhisperOptionsValidator.Validate(options, English));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        WhisperOptionsValidator.Validate(new WhisperDecodingOptions(), English);
    }
}
