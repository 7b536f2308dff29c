using System.Text.RegularExpressions;

namespace VoiceFlow.Core.PostProcessing;

/// <summary>
/// One regular expression matching any of a set of spoken phrases as whole words, case-insensitively, with any
/// run of white space between their words, longest phrase first (so "new york city" wins over "new york").
/// </summary>
internal static class PhrasePattern
{
    public static Regex Build(IEnumerable<string> phrases)
    {
        var alternatives = phrases
            .OrderByDescending(p => p.Length)
            .Select(p => Regex.Escape(p).Replace(@"\ ", @"\s+", StringComparison.Ordinal))
            .ToList();
        return alternatives.Count == 0
            ? new Regex("(?!)", RegexOptions.CultureInvariant)
            : new Regex($@"(?<![\w]){string.Join('|', alternatives)}(?![\w])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>The phrase with its white space folded to single spaces, the key its match is looked up by.</summary>
    public static string Normalize(string phrase) =>
        string.Join(' ', phrase.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
