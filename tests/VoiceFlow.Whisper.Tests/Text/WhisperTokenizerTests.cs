using VoiceFlow.Whisper.Tests.Support;
using VoiceFlow.Whisper.Text;

namespace VoiceFlow.Whisper.Tests.Text;

public class WhisperTokenizerTests
{
    [Theory]
    [InlineData("Hello world", new[] { "Hello", " world" })]
    [InlineData("I'm  here", new[] { "I", "'m", " ", " here" })]
    [InlineData("they'll re've", new[] { "they", "'ll", " re", "'ve" })]
    [InlineData("x123 45!!", new[] { "x", "123", " 45", "!!" })]
    [InlineData("a\tb\n", new[] { "a", "\t", "b", "\n" })]
    [InlineData("end   ", new[] { "end", "   " })]
    [InlineData("naïve café", new[] { "na", "ï", "ve", " caf", "é" })]
    [InlineData(" 'quoted'", new[] { " '", "quoted", "'" })]
    public void Pre_tokenizer_splits_like_whisper_cpp_c_locale_regex(string text, string[] expected)
    {
        Assert.Equal(expected, WhisperTokenizer.PreTokenize(text));
    }

    [Fact]
    public void Greedy_longest_match_uses_the_longest_stored_piece_then_continues()
    {
        var vocabulary = new WhisperVocabulary([[.. "a"u8], [.. "ab"u8], [.. "abc"u8], [.. "c"u8], [.. "d"u8], [.. " "u8], [.. " abcd"u8]],
            WhisperVocabularyTests.Header(51864));
        var tokenizer = new WhisperTokenizer(vocabulary);
        Assert.Equal([2, 4], tokenizer.Encode("abcd"));
        Assert.Equal([6], tokenizer.Encode(" abcd"));

        // "x" is not in the vocabulary: whisper.cpp skips the byte.
        Assert.Equal([1, 3], tokenizer.Encode("abxc"));
    }

    [Fact]
    public void Real_gpt2_vocabulary_gives_the_known_ids()
    {
        var (hp, tokens) = GgmlVocabularyReader.Read(SharedFixtures.ModelPath("tiny"));
        var tokenizer = new WhisperTokenizer(new WhisperVocabulary(tokens, hp));
        Assert.Equal([15496, 11, 995, 0], tokenizer.Encode("Hello, world!"));
        Assert.Equal([18435, 995], tokenizer.Encode(" Hello world"));
        Assert.Equal([], tokenizer.Encode(""));

        // Multi-byte text round-trips through the byte-level pieces the file has. ggml files lack the single-byte
        // tokens 0x80..0xFF, so whisper.cpp drops characters no longer piece covers (here the CJK ones); so do we.
        var ids = tokenizer.Encode(" naïve café – 東京");
        Assert.Equal(" naïve café – ", TokenTextDecoder.DecodeText(new WhisperVocabulary(tokens, hp), [.. ids]));
    }
}
