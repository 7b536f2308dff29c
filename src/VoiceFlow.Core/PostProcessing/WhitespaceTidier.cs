using System.Text.RegularExpressions;

namespace VoiceFlow.Core.PostProcessing;

/// <summary>
/// Collapses runs of spaces, removes spaces before closing punctuation and ensures one after it.
/// In code mode only runs of spaces and spaces at line ends are touched, since code spacing is the user's.
/// </summary>
public sealed partial class WhitespaceTidier(bool codeAware = false) : ITextProcessor
{
    public string Name => "tidy";

    public string Process(string text)
    {
        text = Spaces().Replace(text, " ");
        text = SpaceAroundNewline().Replace(text, "\n");
        if (!codeAware)
        {
            text = SpaceBeforePunctuation().Replace(text, "$1");
            text = NoSpaceAfterPunctuation().Replace(text, "$1 $2");
        }

        return text.Trim(' ');
    }

    [GeneratedRegex(@"[ \t]{2,}")]
    private static partial Regex Spaces();

    [GeneratedRegex(@" *\n *")]
    private static partial Regex SpaceAroundNewline();

    [GeneratedRegex(@"\s+([,.;:!?])")]
    private static partial Regex SpaceBeforePunctuation();

    [GeneratedRegex(@"([,;:!?]|\.(?!\d))([A-Za-z])")]
    private static partial Regex NoSpaceAfterPunctuation();
}
