using System.Text.RegularExpressions;

namespace VoiceFlow.Core.PostProcessing;

/// <summary>Removes hesitation sounds ("um", "uh", "erm", "hmm") with the comma that often follows them.</summary>
public sealed partial class FillerWordRemover : ITextProcessor
{
    public string Name => "remove_fillers";

    public string Process(string text) => Fillers().Replace(text, "");

    [GeneratedRegex(@"(?<![\w'])(?:u+m+|u+h+|e+r+m+|h+m+|a+h+)(?![\w'])[,.]?\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Fillers();
}
