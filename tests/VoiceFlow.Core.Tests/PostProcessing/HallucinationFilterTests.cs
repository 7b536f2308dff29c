using VoiceFlow.Core.Engines;
using VoiceFlow.Core.PostProcessing;
using VoiceFlow.Core.Vad;

namespace VoiceFlow.Core.Tests.PostProcessing;

public class HallucinationFilterTests
{
    private static readonly HallucinationFilter Filter = new();

    [Theory]
    [InlineData("Thank you.")]
    [InlineData(" thank you!! ")]
    [InlineData("Thanks for watching!")]
    [InlineData("Thank you for watching and see you next time.")]
    [InlineData("Subtitles by the Amara.org community")]
    [InlineData("Transcribed by ESO, translated by —")]
    [InlineData("[Music]")]
    [InlineData("[BLANK_AUDIO]")]
    [InlineData("(silence)")]
    [InlineData("(upbeat music)")]
    [InlineData("*laughs*")]
    [InlineData("♪ ♪")]
    [InlineData("♪ la la la ♪")]
    [InlineData("you")]
    [InlineData("Thank you. Thank you.")]
    [InlineData("Thank you. Thank you. Thank you. Thank you.")]
    [InlineData("Thanks for watching. Bye.")]
    [InlineData("...")]
    public void Whole_utterances_engines_invent_on_silence_become_empty(string engineText) =>
        Assert.Equal("", Filter.Process(engineText));

    [Theory]
    [InlineData("Yes, thank you for the report.")]
    [InlineData("thank you very much for coming today")]
    [InlineData("I said thank you and left")]
    [InlineData("no, no, no, that is wrong")]
    [InlineData("it was very very very good")]
    [InlineData("you should subscribe to the newsletter")]
    [InlineData("the function (which is pure) returns")]
    [InlineData("Thank you, John.")]
    public void Real_speech_is_left_alone_even_when_it_contains_the_phrases(string speech) =>
        Assert.Equal(speech, Filter.Process(speech));

    [Theory]
    [InlineData("Hello [Music] world", "Hello world")]
    [InlineData("(laughs) that was funny", "that was funny")]
    [InlineData("we went home. we went home. we went home. we went home.", "we went home.")]
    [InlineData("I think I think I think it works", "I think it works")]
    [InlineData("stop stop stop stop stop now", "stop now")]
    [InlineData("stop stop stop stop now", "stop stop stop stop now")]
    public void Annotations_go_and_loops_collapse_to_one_occurrence(string engineText, string expected) =>
        Assert.Equal(expected, Filter.Process(engineText));

    [Fact]
    public void A_loop_of_real_words_is_kept_once_but_a_loop_of_an_invention_is_dropped()
    {
        Assert.Equal("Let's go.", Filter.Process("Let's go. Let's go. Let's go."));
        Assert.Equal("", Filter.Process("Thank you for watching. Thank you for watching. Thank you for watching."));
    }

    private static Segment At(string text, double start, double end, float noSpeech = float.NaN) =>
        Segment.Plain(text, TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(end)) with { NoSpeechProbability = noSpeech };

    [Fact]
    public void A_thank_you_segment_inside_speech_stays_and_one_in_trailing_silence_goes()
    {
        IReadOnlyList<SampleRange> speech = [new(0, 16_000 * 6)];
        Segment[] segments =
        [
            At("We reviewed the plan.", 0, 3),
            At("Thank you.", 3, 5),
            At("Thank you.", 20, 22),
        ];

        var kept = Filter.FilterSegments(segments, speech);

        Assert.Equal(["We reviewed the plan.", "Thank you."], kept.Select(s => s.Text));
        Assert.Equal(TimeSpan.FromSeconds(3), kept[1].Start);
    }

    [Fact]
    public void A_segment_the_engine_rates_as_no_speech_goes_only_when_it_is_an_invention()
    {
        Segment[] segments =
        [
            At("Turn left at the lights.", 0, 2, noSpeech: 0.7f),
            At("Thanks for watching!", 2, 4, noSpeech: 0.8f),
            At("Thank you.", 4, 5, noSpeech: 0.1f),
        ];

        var kept = Filter.FilterSegments(segments, speech: null);

        Assert.Equal(["Turn left at the lights.", "Thank you."], kept.Select(s => s.Text));
    }

    [Fact]
    public void Repeated_segments_are_kept_once_and_an_only_invention_result_is_empty()
    {
        Segment[] loop = [At("I'm going to go.", 0, 1), At("I'm going to go.", 1, 2), At("I'm going to go.", 2, 3)];
        Segment[] inventions = [At("[Music]", 0, 1), At("Thank you.", 1, 2)];

        Assert.Equal(["I'm going to go."], Filter.FilterSegments(loop, null).Select(s => s.Text));
        Assert.Empty(Filter.FilterSegments(inventions, null));
    }
}
