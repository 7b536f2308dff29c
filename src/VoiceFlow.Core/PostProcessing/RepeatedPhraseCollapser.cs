namespace VoiceFlow.Core.PostProcessing;

/// <summary>
/// Collapses a decoding loop — the same phrase over and over — to one occurrence. Words are compared without case or
/// punctuation. A phrase of two or more words repeated three or more times in a row is a loop (people do not say
/// "I went home. I went home. I went home."); a single word needs five ("no, no, no" and "very very very" are speech).
/// </summary>
internal static class RepeatedPhraseCollapser
{
    /// <summary>Longest phrase looked for, in words.</summary>
    private const int MaxPhraseWords = 16;

    public const int MinPhraseRepeats = 3;

    public const int MinWordRepeats = 5;

    /// <summary>The text with every loop collapsed; the same string when there is none.</summary>
    /// <param name="text">The text.</param>
    /// <param name="onlyLoop">True when the whole text was one phrase repeated (a loop and nothing else).</param>
    public static string Collapse(string text, out bool onlyLoop)
    {
        onlyLoop = false;
        string[] words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        string[] keys = [.. words.Select(HallucinationFilter.Normalize)];
        var kept = new List<int>(words.Length);
        bool changed = false;
        int i = 0;
        while (i < words.Length)
        {
            var (length, repeats) = LongestLoopAt(keys, i);
            if (length > 0)
            {
                onlyLoop = i == 0 && length * repeats == words.Length;
                kept.AddRange(Enumerable.Range(i, length));
                i += length * repeats;
                changed = true;
            }
            else
            {
                kept.Add(i);
                i++;
            }
        }

        if (!changed)
        {
            return text;
        }

        onlyLoop &= kept.Count < words.Length;
        return string.Join(' ', kept.Select(k => words[k]));
    }

    /// <summary>The phrase length and repeat count of the loop that starts at <paramref name="start"/>; (0, 0) for none.</summary>
    private static (int Length, int Repeats) LongestLoopAt(string[] keys, int start)
    {
        for (int length = 1; length <= MaxPhraseWords && start + (length * 3) <= keys.Length; length++)
        {
            int repeats = 1;
            while (start + ((repeats + 1) * length) <= keys.Length && SamePhrase(keys, start, start + (repeats * length), length))
            {
                repeats++;
            }

            if (repeats >= (length == 1 ? MinWordRepeats : MinPhraseRepeats) && keys.AsSpan(start, length).ContainsAnyExcept(""))
            {
                return (length, repeats);
            }
        }

        return (0, 0);
    }

    private static bool SamePhrase(string[] keys, int a, int b, int length)
    {
        for (int k = 0; k < length; k++)
        {
            if (!string.Equals(keys[a + k], keys[b + k], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
