using System.Text;

namespace VoiceFlow.Whisper.Text;

/// <summary>
/// Turns a stream of byte-level BPE tokens into text. Tokens are raw byte pieces, so one character may be split
/// over two or more tokens: the decoder keeps the incomplete bytes and emits the character with the token that
/// completes it. Invalid sequences become U+FFFD; decoding never throws.
/// </summary>
public sealed class TokenTextDecoder
{
    private readonly WhisperVocabulary _vocabulary;
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
    private char[] _chars = new char[64];

    public TokenTextDecoder(WhisperVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        _vocabulary = vocabulary;
    }

    /// <summary>
    /// Appends one token and returns the text it completes (possibly empty when it ends mid-character).
    /// Special tokens add no text.
    /// </summary>
    public string Append(int tokenId) => Decode(_vocabulary.TokenBytes(tokenId), flush: false);

    /// <summary>Ends the stream: returns U+FFFD for a dangling incomplete character, or empty.</summary>
    public string Flush() => Decode([], flush: true);

    /// <summary>Forgets any pending bytes.</summary>
    public void Reset() => _decoder.Reset();

    /// <summary>Decodes the text tokens of <paramref name="tokenIds"/> (special tokens skipped) into one string.</summary>
    public static string DecodeText(WhisperVocabulary vocabulary, ReadOnlySpan<int> tokenIds)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var length = 0;
        foreach (var id in tokenIds)
        {
            if (vocabulary.IsText(id))
            {
                length += vocabulary.TokenBytes(id).Length;
            }
        }

        var bytes = length <= 1024 ? stackalloc byte[length] : new byte[length];
        var offset = 0;
        foreach (var id in tokenIds)
        {
            if (vocabulary.IsText(id))
            {
                var piece = vocabulary.TokenBytes(id);
                piece.CopyTo(bytes[offset..]);
                offset += piece.Length;
            }
        }

        // Encoding.UTF8 replaces invalid sequences with U+FFFD instead of throwing.
        return Encoding.UTF8.GetString(bytes);
    }

    private string Decode(ReadOnlySpan<byte> bytes, bool flush)
    {
        // UTF-8 never yields more chars than bytes, plus replacement chars for up to 3 pending bytes.
        var needed = bytes.Length + 4;
        if (_chars.Length < needed)
        {
            _chars = new char[Math.Max(needed, _chars.Length * 2)];
        }

        var count = _decoder.GetChars(bytes, _chars, flush);
        return count == 0 ? string.Empty : new string(_chars, 0, count);
    }
}
