using System.Text;

namespace VoiceFlow.Whisper.Text;

/// <summary>
/// Encodes text (an initial prompt) into token ids exactly as whisper.cpp's <c>tokenize()</c> does: the UTF-8
/// bytes are split with GPT-2's pre-tokenizer pattern evaluated byte-wise in the C locale (so only ASCII counts as
/// letters and digits), then each piece is covered greedily by the longest stored token that matches.
/// </summary>
public sealed class WhisperTokenizer
{
    private readonly WhisperVocabulary _vocabulary;

    public WhisperTokenizer(WhisperVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        _vocabulary = vocabulary;
    }

    /// <summary>Encodes <paramref name="text"/>; bytes no token covers are skipped, as whisper.cpp does.</summary>
    public IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = Encoding.UTF8.GetBytes(text);
        var tokens = new List<int>(bytes.Length / 3 + 1);
        var start = 0;
        while (start < bytes.Length)
        {
            var length = PreTokenLength(bytes, start);
            EncodePiece(bytes.AsSpan(start, length), tokens);
            start += length;
        }

        return tokens;
    }

    /// <summary>
    /// Splits UTF-8 bytes into the pieces of the pattern
    /// <c>'s|'t|'re|'ve|'m|'ll|'d| ?[[:alpha:]]+| ?[[:digit:]]+| ?[^\s[:alpha:][:digit:]]+|\s+(?!\S)|\s+</c>
    /// (first alternative that matches wins, as in ECMAScript regular expressions).
    /// </summary>
    public static IReadOnlyList<string> PreTokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = Encoding.UTF8.GetBytes(text);
        var pieces = new List<string>();
        var start = 0;
        while (start < bytes.Length)
        {
            var length = PreTokenLength(bytes, start);
            pieces.Add(Encoding.UTF8.GetString(bytes, start, length));
            start += length;
        }

        return pieces;
    }

    internal static int PreTokenLength(ReadOnlySpan<byte> s, int p)
    {
        var contraction = ContractionLength(s, p);
        if (contraction > 0)
        {
            return contraction;
        }

        var afterSpace = s[p] == (byte)' ' ? p + 1 : p;
        if (afterSpace < s.Length)
        {
            var kind = Classify(s[afterSpace]);
            if (kind != ByteKind.Space)
            {
                var end = afterSpace + 1;
                while (end < s.Length && Classify(s[end]) == kind)
                {
                    end++;
                }

                return end - p;
            }
        }

        // A whitespace run; when a non-space follows, leave its last byte to prefix the next piece (\s+(?!\S)).
        var runEnd = p;
        while (runEnd < s.Length && Classify(s[runEnd]) == ByteKind.Space)
        {
            runEnd++;
        }

        var run = runEnd - p;
        return runEnd < s.Length && run > 1 ? run - 1 : run;
    }

    private static int ContractionLength(ReadOnlySpan<byte> s, int p)
    {
        if (s[p] != (byte)'\'' || p + 1 >= s.Length)
        {
            return 0;
        }

        var c1 = s[p + 1];
        if (c1 is (byte)'s' or (byte)'t' or (byte)'m' or (byte)'d')
        {
            return 2;
        }

        if (p + 2 < s.Length)
        {
            var c2 = s[p + 2];
            if ((c1 == (byte)'r' && c2 == (byte)'e') || (c1 == (byte)'v' && c2 == (byte)'e') || (c1 == (byte)'l' && c2 == (byte)'l'))
            {
                return 3;
            }
        }

        return 0;
    }

    private enum ByteKind
    {
        Letter,
        Digit,
        Space,
        Other,
    }

    // C-locale character classes, as std::regex applies them to each byte.
    private static ByteKind Classify(byte b) => b switch
    {
        >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' => ByteKind.Letter,
        >= (byte)'0' and <= (byte)'9' => ByteKind.Digit,
        (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r' => ByteKind.Space,
        _ => ByteKind.Other,
    };

    private void EncodePiece(ReadOnlySpan<byte> piece, List<int> tokens)
    {
        var key = Encoding.Latin1.GetString(piece);
        var i = 0;
        while (i < key.Length)
        {
            var found = false;
            for (var j = key.Length; j > i; j--)
            {
                if (_vocabulary.TryGetId(key[i..j], out var id))
                {
                    tokens.Add(id);
                    i = j;
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                i++;
            }
        }
    }
}
