using System.Text;

namespace VoiceFlow.Core.PostProcessing;

/// <summary>Capitalises the first letter of the text and of every sentence after '.', '!' or '?'.</summary>
public sealed class SentenceCapitalizer : ITextProcessor
{
    public string Name => "capitalize";

    public string Process(string text)
    {
        var builder = new StringBuilder(text.Length);
        bool capitalizeNext = true;
        foreach (char c in text)
        {
            if (capitalizeNext && char.IsLetter(c))
            {
                builder.Append(char.ToUpperInvariant(c));
                capitalizeNext = false;
                continue;
            }

            builder.Append(c);
            if (c is '.' or '!' or '?' or '\n')
            {
                capitalizeNext = true;
            }
            else if (char.IsLetterOrDigit(c))
            {
                capitalizeNext = false;
            }
        }

        return builder.ToString();
    }
}
