using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Transcription;

namespace VoiceFlow.Core.Tests.Transcription;

public class DetectedLanguageTests
{
    private static Segment S(double start, double end, string? language, float p = float.NaN) =>
        Segment.Plain("x", TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(end)) with { Language = language, LanguageProbability = p };

    [Fact]
    public void Without_an_engine_language_the_requested_one_stays()
    {
        var language = DetectedLanguage.Of([S(0, 1, null)], "auto");
        Assert.Equal("auto", language.Code);
        Assert.True(float.IsNaN(language.Probability));
        Assert.Equal("en", DetectedLanguage.Of([], "en").Code);
    }

    [Fact]
    public void The_language_covering_the_most_time_wins_with_its_best_probability()
    {
        var language = DetectedLanguage.Of([S(0, 1, "de", 0.6f), S(1, 5, "fr", 0.7f), S(5, 6, "de", 0.9f), S(6, 7, "fr", 0.8f)], "auto");
        Assert.Equal(("fr", 0.8f), (language.Code, language.Probability));
    }

    [Fact]
    public void A_given_language_reported_by_the_engine_has_no_probability()
    {
        var language = DetectedLanguage.Of([S(0, 1, "de")], "de");
        Assert.Equal("de", language.Code);
        Assert.True(float.IsNaN(language.Probability));
    }
}
