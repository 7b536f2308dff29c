using System.Text.RegularExpressions;

namespace VoiceFlow.Core.PostProcessing;

/// <summary>Standalone "i" becomes "I" (also in "i'm", "i'll"), and apostrophe-less contractions get their apostrophe.</summary>
public sealed partial class ContractionFixer : ITextProcessor
{
    private static readonly Dictionary<string, string> Contractions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["dont"] = "don't", ["doesnt"] = "doesn't", ["didnt"] = "didn't", ["cant"] = "can't",
        ["wont"] = "won't", ["isnt"] = "isn't", ["arent"] = "aren't", ["wasnt"] = "wasn't",
        ["werent"] = "weren't", ["havent"] = "haven't", ["hasnt"] = "hasn't", ["hadnt"] = "hadn't",
        ["couldnt"] = "couldn't", ["shouldnt"] = "shouldn't", ["wouldnt"] = "wouldn't",
        ["im"] = "I'm", ["ive"] = "I've", ["youre"] = "you're", ["theyre"] = "they're",
        ["thats"] = "that's", ["whats"] = "what's", ["theres"] = "there's", ["lets"] = "let's",
    };

    public string Name => "contractions";

    public string Process(string text)
    {
        text = Words().Replace(text, m => Contractions.TryGetValue(m.Value, out var fixedWord) ? MatchCase(m.Value, fixedWord) : m.Value);
        return LowerI().Replace(text, "I");
    }

    /// <summary>Keeps a leading capital ("Dont" → "Don't"); "I" stays capital whatever the input.</summary>
    private static string MatchCase(string original, string replacement) =>
        char.IsUpper(original[0]) && char.IsLower(replacement[0])
            ? string.Concat(char.ToUpperInvariant(replacement[0]).ToString(), replacement.AsSpan(1))
            : replacement;

    [GeneratedRegex(@"(?<![\w'])[A-Za-z]+(?![\w'])", RegexOptions.CultureInvariant)]
    private static partial Regex Words();

    [GeneratedRegex(@"(?<![\w'])i(?=(?:'[a-z]+)?(?![\w']))", RegexOptions.CultureInvariant)]
    private static partial Regex LowerI();
}
