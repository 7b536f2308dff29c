namespace VoiceFlow.PocketSphinx;

/// <summary>Turns the decoder's segment words into spoken words.</summary>
internal static class SegmentWords
{
    /// <summary>
    /// Null for silence and fillers (<c>&lt;s&gt;</c>, <c>&lt;/s&gt;</c>, <c>&lt;sil&gt;</c>, <c>[NOISE]</c>, <c>++UM++</c>);
    /// otherwise the word without its alternate-pronunciation marker (<c>read(2)</c> → <c>read</c>).
    /// </summary>
    public static string? ToSpokenWord(string? word)
    {
        if (string.IsNullOrEmpty(word) || word[0] is '<' or '[' or '+')
        {
            return null;
        }

        var paren = word.IndexOf('(', StringComparison.Ordinal);
        return paren > 0 && word[^1] == ')' ? word[..paren] : word;
    }
}
