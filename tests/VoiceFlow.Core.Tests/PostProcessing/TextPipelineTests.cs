using VoiceFlow.Core.PostProcessing;

namespace VoiceFlow.Core.Tests.PostProcessing;

public class TextPipelineTests
{
    [Theory]
    [InlineData("um so i think uh we should go", "so i think we should go")]
    [InlineData("Umm, the answer is yes", "the answer is yes")]
    [InlineData("the drum humming", "the drum humming")]
    [InlineData("hmm ok", "ok")]
    public void Filler_words_are_removed_but_not_inside_other_words(string input, string expected) =>
        Assert.Equal(expected, new FillerWordRemover().Process(input));

    [Theory]
    [InlineData("i dont know if im late", "I don't know if I'm late")]
    [InlineData("Dont worry, i'll be there", "Don't worry, I'll be there")]
    [InlineData("the iphone is in italy", "the iphone is in italy")]
    [InlineData("thats what i said", "that's what I said")]
    public void Contractions_and_the_pronoun_i_are_fixed(string input, string expected) =>
        Assert.Equal(expected, new ContractionFixer().Process(input));

    [Theory]
    [InlineData("hello. how are you? fine! ok", "Hello. How are you? Fine! Ok")]
    [InlineData("3 apples. then more", "3 apples. Then more")]
    public void Sentences_are_capitalised(string input, string expected) =>
        Assert.Equal(expected, new SentenceCapitalizer().Process(input));

    [Theory]
    [InlineData("hello  ,   world .", "hello, world.")]
    [InlineData("one,two;three", "one, two; three")]
    [InlineData("pi is 3.14 exactly", "pi is 3.14 exactly")]
    public void Whitespace_and_punctuation_are_tidied(string input, string expected) =>
        Assert.Equal(expected, new WhitespaceTidier().Process(input));

    [Fact]
    public void Replacements_match_whole_phrases_case_insensitively_longest_first()
    {
        var replacer = new PhraseReplacer(new Dictionary<string, string>
        {
            ["voice flow"] = "VoiceFlow",
            ["new york"] = "NY",
            ["new york city"] = "NYC",
        });

        Assert.Equal("VoiceFlow runs in NYC and NY", replacer.Process("Voice  flow runs in new york city and New York"));
        Assert.Equal("voiceflowing", replacer.Process("voiceflowing"));
    }

    [Theory]
    [InlineData("print open paren x close paren", "print(x)")]
    [InlineData("x arrow y", "x -> y")]
    [InlineData("a equals b plus one semicolon new line return a", "a = b + one;\nreturn a")]
    [InlineData("items open bracket zero close bracket dot name", "items[zero].name")]
    public void Code_mode_turns_spoken_symbols_into_code(string input, string expected) =>
        Assert.Equal(expected, TextPipeline.From(new PostProcessingOptions { CodeMode = true, FixContractions = false }).Process(input));

    [Fact]
    public void The_default_pipeline_cleans_a_dictation()
    {
        var pipeline = TextPipeline.From(new PostProcessingOptions());
        Assert.Equal("I think we're done. Don't forget the milk, please.",
            pipeline.Process("um i think we're done . uh dont forget the milk , please."));
    }

    [Fact]
    public void With_every_step_off_the_text_is_unchanged()
    {
        const string raw = "um  i dont know . ok";
        Assert.Empty(TextPipeline.From(PostProcessingOptions.None).Steps);
        Assert.Equal(raw, TextPipeline.From(PostProcessingOptions.None).Process(raw));
    }
}
