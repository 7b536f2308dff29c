using System.Globalization;
using System.Text;

namespace VoiceFlow.Evaluation.Text;

/// <summary>
/// Puts transcripts in the form word error rates are computed on: lower case, punctuation removed,
/// apostrophes kept inside words ("don't", "o'clock") but not around them ('quoted'), hyphens and
/// other symbols split words, numbers left as written ("42", "3.5", "1,000" stay one word each; no
/// number-to-words conversion), whitespace collapsed.
/// </summary>
public static class TranscriptNormalizer
{
    /// <summary>The normalised words of <paramref name="text"/>.</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (IsApostrophe(c) && IsInsideWord(text, i, char.IsLetter))
            {
                current.Append('\'');
            }
            else if (c is '.' or ',' && IsInsideWord(text, i, char.IsDigit))
            {
                current.Append(c);
            }
            else
            {
                Flush(current, words);
            }
        }

        Flush(current, words);
        return words;
    }

    /// <summary>The normalised words joined by single spaces.</summary>
    public static string Normalize(string text) => string.Join(' ', Words(text));

    private static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u02BC';

    // A joiner counts only between two characters of the given kind: "don't" yes, "'tis" and "dogs'" no.
    private static bool IsInsideWord(string text, int index, Func<char, bool> kind) =>
        index > 0 && index < text.Length - 1 && kind(text[index - 1]) && kind(text[index + 1]);

    private static void Flush(StringBuilder current, List<string> words)
    {
        if (current.Length > 0)
        {
            words.Add(current.ToString());
            current.Clear();
        }
    }
}
