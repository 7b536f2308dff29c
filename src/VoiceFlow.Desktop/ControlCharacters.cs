using System.Globalization;
using System.Text;

namespace VoiceFlow.Desktop;

/// <summary>Which layout characters a target accepts; every other control character is always removed.</summary>
[Flags]
public enum LayoutCharacters
{
    /// <summary>Neither: line breaks and tabs become spaces.</summary>
    None = 0,

    /// <summary>Line breaks are kept (as '\n'; "\r\n" and '\r' become '\n').</summary>
    NewLine = 1,

    /// <summary>Tabs are kept.</summary>
    Tab = 2,

    /// <summary>Both.</summary>
    All = NewLine | Tab,
}

/// <summary>
/// Strips control characters from text before it reaches a target: an escape sequence typed into a terminal, a
/// backspace or a NUL typed into an editor is never what a speaker meant. Line breaks and tabs that a target does not
/// accept become spaces (so words never run together); the rest (C0, DEL, C1, and the Unicode format controls that
/// reorder text, such as the bidirectional overrides) is removed.
/// </summary>
public static class ControlCharacters
{
    /// <summary>The text with control characters removed, keeping the layout characters <paramref name="keep"/> names.</summary>
    public static string Strip(string text, LayoutCharacters keep)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!NeedsWork(text))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '\r' or '\n':
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    result.Append((keep & LayoutCharacters.NewLine) != 0 ? '\n' : ' ');
                    break;
                case '\t':
                    result.Append((keep & LayoutCharacters.Tab) != 0 ? '\t' : ' ');
                    break;
                default:
                    if (!IsRemoved(c))
                    {
                        result.Append(c);
                    }

                    break;
            }
        }

        return result.ToString();
    }

    private static bool NeedsWork(string text)
    {
        foreach (char c in text)
        {
            if (c is '\r' or '\n' or '\t' || IsRemoved(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>C0/C1 controls and DEL, and the bidi/format controls that can disguise what was typed (U+200E.., U+202A.., U+2066..).</summary>
    private static bool IsRemoved(char c) =>
        char.IsControl(c) || (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format && c is not '\u200D' and not '\u00AD');
}
