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
            string key = PhrasePattern.Normalize(from);
            if (key.Length > 0)
            {
                _map[key] = to;
            }
        }

        _pattern = PhrasePattern.Build(_map.Keys);
    }

    public string Name => "replacements";

    public string Process(string text) =>
        _pattern.Replace(text, m => _map.TryGetValue(PhrasePattern.Normalize(m.Value), out var to) ? to : m.Value);
}
