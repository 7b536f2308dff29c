using System.Text.RegularExpressions;

namespace VoiceFlow.Core.PostProcessing;

/// <summary>
/// The user's own replacements ("voice flow" → "VoiceFlow"), matched as whole words, case-insensitively,
/// longest phrase first so "new york city" wins over "new york".
/// </summary>
public sealed class PhraseReplacer : ITextProcessor
{
    private readonly Regex _pattern;
    private readonly Dictionary<string, string> _map;

    public PhraseReplacer(IReadOnlyDictionary<string, string> replacements)
    {
        ArgumentNullException.ThrowIfNull(replacements);
        _map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (from, to) in replacements)
        {
            string key = NormalizeSpaces(from);
            if (key.Length > 0)
            {
                _map[key] = to;
            }
        }

        var alternatives = _map.Keys
            .OrderByDescending(k => k.Length)
            .Select(k => Regex.Escape(k).Replace(@"\ ", @"\s+", StringComparison.Ordinal));
        _pattern = _map.Count == 0
            ? new Regex("(?!)", RegexOptions.CultureInvariant)
            : new Regex($@"(?<![\w]){string.Join('|', alternatives)}(?![\w])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    public string Name => "replacements";

    public string Process(string text) =>
        _pattern.Replace(text, m => _map.TryGetValue(NormalizeSpaces(m.Value), out var to) ? to : m.Value);

    private static string NormalizeSpaces(string s) =>
        string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
