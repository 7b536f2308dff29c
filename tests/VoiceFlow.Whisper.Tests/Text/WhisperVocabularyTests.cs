using VoiceFlow.Core.Errors;
using VoiceFlow.Whisper.Inference;
using VoiceFlow.Whisper.Text;

namespace VoiceFlow.Whisper.Tests.Text;

public class WhisperVocabularyTests
{
    internal static WhisperHyperParameters Header(int nVocab, int textLayers = 4) =>
        new(nVocab, 1500, 384, 6, 4, 448, 384, 6, textLayers, 80, 1);

    [Fact]
    public void English_only_model_uses_the_unshifted_special_ids()
    {
        var v = new WhisperVocabulary([], Header(51864));
        Assert.False(v.IsMultilingual);
        Assert.Equal(99, v.LanguageCount);
        Assert.Equal((50256, 50257, 50357, 50358, 50359, 50360, 50361, 50362, 50363),
            (v.Eot, v.Sot, v.Translate, v.Transcribe, v.StartOfLm, v.Prev, v.NoSpeech, v.NoTimestamps, v.TimestampBegin));
    }

    [Fact]
    public void Multilingual_models_shift_special_ids_by_their_language_count()
    {
        var v99 = new WhisperVocabulary([], Header(51865));
        Assert.True(v99.IsMultilingual);
        Assert.Equal(99, v99.LanguageCount);
        Assert.Equal((50257, 50258, 50358, 50359, 50362, 50363, 50364),
            (v99.Eot, v99.Sot, v99.Translate, v99.Transcribe, v99.NoSpeech, v99.NoTimestamps, v99.TimestampBegin));
        Assert.Equal(50259, v99.LanguageToken(WhisperLanguages.IndexOf("en")));
        Assert.Equal(50261, v99.LanguageToken(WhisperLanguages.IndexOf("de")));

        var v100 = new WhisperVocabulary([], Header(51866));
        Assert.Equal(100, v100.LanguageCount);
        Assert.Equal((50359, 50360, 50365), (v100.Translate, v100.Transcribe, v100.TimestampBegin));
    }

    [Fact]
    public void Special_tokens_are_named_as_whisper_cpp_names_them()
    {
        var v = new WhisperVocabulary([[0x21], [0xC3]], Header(51864));
        Assert.Equal("!", v.TokenName(0));
        Assert.Equal("\uFFFD", v.TokenName(1));
        Assert.Equal("[_TT_81]", v.TokenName(50444));
        Assert.Equal("[_BEG_]", v.TokenName(50363));
        Assert.Equal("[_EOT_]", v.TokenName(50256));
        Assert.Equal("[_LANG_de]", v.TokenName(50260));
        Assert.Equal("[_NOT_]", v.TokenName(50362));
    }

    [Fact]
    public void Language_table_has_whisper_cpp_order_codes_and_names()
    {
        Assert.Equal(100, WhisperLanguages.Count);
        Assert.Equal(0, WhisperLanguages.IndexOf("en"));
        Assert.Equal(2, WhisperLanguages.IndexOf("German"));
        Assert.Equal(93, WhisperLanguages.IndexOf("haw"));
        Assert.Equal(99, WhisperLanguages.IndexOf("yue"));
        Assert.Equal(-1, WhisperLanguages.IndexOf("xx"));
        Assert.Equal("javanese", WhisperLanguages.Name(97));
    }

    [Fact]
    public void Header_that_cannot_be_whisper_is_rejected_with_its_value()
    {
        var e = Assert.Throws<ModelFormatException>(() => new WhisperVocabulary([], Header(1000)));
        Assert.Contains("1000", e.Message, StringComparison.Ordinal);
        var tooMany = Enumerable.Range(0, 51865).Select(_ => new byte[] { 1 }).ToList();
        Assert.Throws<ModelFormatException>(() => new WhisperVocabulary(tooMany, Header(51864)));
    }
}
