using System.Text;
using VoiceFlow.Whisper.Tests.Support;
using VoiceFlow.Whisper.Text;

namespace VoiceFlow.Whisper.Tests.Text;

public class TokenTextDecoderTests
{
    // 0: "caf", 1: first byte of "é", 2: second byte of "é", 3: " €" split after its first byte, 4: rest of "€", 5: invalid 0xFF
    private static readonly WhisperVocabulary Vocabulary = new(
        [[.. "caf"u8], [0xC3], [0xA9], [0x20, 0xE2], [0x82, 0xAC], [0xFF]],
        WhisperVocabularyTests.Header(51864));

    [Fact]
    public void Character_split_over_two_tokens_comes_out_whole_with_the_completing_token()
    {
        var decoder = new TokenTextDecoder(Vocabulary);
        Assert.Equal("caf", decoder.Append(0));
        Assert.Equal("", decoder.Append(1));
        Assert.Equal("é", decoder.Append(2));
        Assert.Equal(" ", decoder.Append(3));
        Assert.Equal("€", decoder.Append(4));
        Assert.Equal("", decoder.Append(50363));
        Assert.Equal("", decoder.Flush());
        Assert.Equal("café €", TokenTextDecoder.DecodeText(Vocabulary, [0, 1, 2, 50363, 3, 4, 50256]));
    }

    [Fact]
    public void Invalid_or_dangling_bytes_become_replacement_characters_without_throwing()
    {
        var decoder = new TokenTextDecoder(Vocabulary);
        Assert.Equal("\uFFFD", decoder.Append(5));
        Assert.Equal("", decoder.Append(1));
        Assert.Equal("\uFFFD", decoder.Flush());
        // Two stray continuation bytes are two errors.
        Assert.Equal("\uFFFD\uFFFDcaf\uFFFD", TokenTextDecoder.DecodeText(Vocabulary, [4, 0, 1]));
    }

    [Fact]
    public void Fixture_segments_decode_to_whisper_cpp_text_bytes()
    {
        foreach (var tag in new[] { "tiny_30s_ts_t1_nfa", "test_10s_nt_t1_nfa" })
        {
            var (hp, tokens) = GgmlVocabularyReader.Read(SharedFixtures.ModelPath(tag));
            var vocabulary = new WhisperVocabulary(tokens, hp);
            using var json = SharedFixtures.TokensJson(tag);
            foreach (var segment in json.RootElement.GetProperty("segments").EnumerateArray())
            {
                var ids = segment.GetProperty("tokens").EnumerateArray().Select(t => t.GetProperty("id").GetInt32()).ToArray();
                var expected = Encoding.UTF8.GetString(Convert.FromHexString(segment.GetProperty("text_hex").GetString()!));
                Assert.Equal(expected, TokenTextDecoder.DecodeText(vocabulary, ids));
            }
        }
    }
}
