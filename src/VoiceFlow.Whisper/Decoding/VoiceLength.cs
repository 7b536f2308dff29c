namespace VoiceFlow.Whisper.Decoding;

/// <summary>
/// whisper.cpp's <c>voice_length</c>: a rough cost of pronouncing a token, by which the token-timestamp heuristic
/// shares a segment's unknown time between its tokens. Counted per UTF-8 code point (a CJK character is one, not
/// three), punctuation and digits weigh more, spaces almost nothing, and full-width punctuation and digits weigh
/// as their ASCII forms.
/// </summary>
internal static class VoiceLength
{
    /// <summary>The cost of <paramref name="utf8"/> (raw token bytes, possibly a partial character).</summary>
    public static float Of(ReadOnlySpan<byte> utf8)
    {
        var result = 0.0f;
        var i = 0;
        while (i < utf8.Length)
        {
            var (codePoint, length) = Next(utf8[i..]);
            i += length;
            result += Weight(codePoint);
        }

        return result;
    }

    private static float Weight(uint codePoint) => codePoint switch
    {
        ' ' or 0x3000 => 0.01f,
        ',' or 0xFF0C or 0x3001 or 0xFF1B or 0xFF1A => 2.00f,
        '.' or '!' or '?' or 0x3002 or 0xFF0E or 0xFF01 or 0xFF1F or 0x2026 => 3.00f,
        (>= '0' and <= '9') or (>= 0xFF10 and <= 0xFF19) => 3.00f,
        _ => 1.00f,
    };

    /// <summary>
    /// One code point as whisper.cpp reads it: the lead byte's length when every continuation byte is there, else
    /// the single byte (a stray continuation byte or a character split across tokens counts per byte).
    /// </summary>
    private static (uint CodePoint, int Length) Next(ReadOnlySpan<byte> s)
    {
        uint c = s[0];
        var (codePoint, length) = c switch
        {
            < 0x80 => (c, 1),
            _ when (c >> 5) == 0x6 => (c & 0x1F, 2),
            _ when (c >> 4) == 0xE => (c & 0x0F, 3),
            _ when (c >> 3) == 0x1E => (c & 0x07, 4),
            _ => (c, 1),
        };

        if (length > s.Length)
        {
            return (c, 1);
        }

        for (var k = 1; k < length; k++)
        {
            if ((s[k] & 0xC0) != 0x80)
            {
                return (c, 1);
            }

            codePoint = (codePoint << 6) | (uint)(s[k] & 0x3F);
        }

        return (codePoint, length);
    }
}
