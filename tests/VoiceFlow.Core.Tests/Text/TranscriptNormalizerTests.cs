using VoiceFlow.Evaluation.Text;

namespace VoiceFlow.Core.Tests.Text;

public class TranscriptNormalizerTests
{
    [Theory]
    [InlineData("Hello, World!  Don't\tstop.", "hello world don't stop")]
    [InlineData("don\u2019t", "don't")]
    [InlineData("'Tis the dogs' toys", "tis the dogs toys")]
    [InlineData("a cold-hearted man", "a cold hearted man")]
    [InlineData("It costs $1,000.50 in 2024.", "it costs 1,000.50 in 2024")]
    [InlineData("Ten, 10 or ten?", "ten 10 or ten")]
    [InlineData("<s> he was </s>", "s he was s")]
    [InlineData("  \n ", "")]
    [InlineData("Café NAÏVE", "café naïve")]
    public void Normalize_applies_case_punctuation_apostrophe_and_whitespace_rules(string text, string expected) =>
        Assert.Equal(expected, TranscriptNormalizer.Normalize(text));

    [Fact]
    public void Words_splits_on_whitespace_and_symbols()
    {
        Assert.Equal(["o'clock", "is", "late"], TranscriptNormalizer.Words("O'Clock... is LATE"));
        Assert.Empty(TranscriptNormalizer.Words("?!"));
    }
}
