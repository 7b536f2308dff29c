namespace VoiceFlow.PocketSphinx.Tests;

public class SegmentWordsTests
{
    [Theory]
    [InlineData("<s>", null)]
    [InlineData("</s>", null)]
    [InlineData("<sil>", null)]
    [InlineData("[NOISE]", null)]
    [InlineData("++UM++", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    [InlineData("read(2)", "read")]
    [InlineData("don't", "don't")]
    [InlineData("hello", "hello")]
    public void Fillers_are_dropped_and_pronunciation_markers_removed(string? word, string? expected) =>
        Assert.Equal(expected, SegmentWords.ToSpokenWord(word));
}
