using VoiceFlow.Desktop;

namespace VoiceFlow.Core.Tests.Delivery;

public class ControlCharactersTests
{
    [Theory]
    [InlineData("plain text, café 😀", "plain text, café 😀")]
    [InlineData("a\u0000b\u0007c\u0008d\u007fe\u009bf", "abcdef")]
    [InlineData("\u001b[31mred\u001b[0m", "[31mred[0m")]
    [InlineData("left\u202Eright\u2066x\u2069", "leftrightx")]
    [InlineData("one\r\ntwo\rthree\nfour\tfive", "one\ntwo\nthree\nfour\tfive")]
    public void Control_characters_go_and_layout_is_kept_where_the_target_takes_it(string input, string expected) =>
        Assert.Equal(expected, ControlCharacters.Strip(input, LayoutCharacters.All));

    [Theory]
    [InlineData(LayoutCharacters.None, "one two\u0020three four five")]
    [InlineData(LayoutCharacters.Tab, "one two three four\tfive")]
    [InlineData(LayoutCharacters.NewLine, "one\ntwo\nthree\nfour five")]
    public void Layout_characters_a_target_does_not_take_become_spaces(LayoutCharacters keep, string expected) =>
        Assert.Equal(expected, ControlCharacters.Strip("one\r\ntwo\rthree\nfour\tfive", keep));

    [Fact]
    public void The_emoji_joiner_survives() =>
        Assert.Equal("👩\u200D💻", ControlCharacters.Strip("👩\u200D💻", LayoutCharacters.None));
}
