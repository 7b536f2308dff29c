using System.Text.RegularExpressions;

namespace VoiceFlow.Core.PostProcessing;

/// <summary>
/// Turns spoken symbols into code: "open paren" → "(", "arrow" → "->", "new line" → line break.
/// Symbols that attach to their neighbours (brackets, dots) are joined without spaces.
/// </summary>
public sealed class CodeModeConverter : ITextProcessor
{
    /// <summary>Spoken form → symbol. Longest phrases are matched first.</summary>
    public static IReadOnlyDictionary<string, string> Symbols { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["open paren"] = "(", ["close paren"] = ")", ["left paren"] = "(", ["right paren"] = ")",
        ["open bracket"] = "[", ["close bracket"] = "]", ["open brace"] = "{", ["close brace"] = "}",
        ["open curly"] = "{", ["close curly"] = "}", ["less than"] = "<", ["greater than"] = ">",
        ["fat arrow"] = "=>", ["arrow"] = "->", ["double equals"] = "==", ["triple equals"] = "===",
        ["not equals"] = "!=", ["equals"] = "=", ["plus equals"] = "+=", ["minus equals"] = "-=",
        ["plus"] = "+", ["minus"] = "-", ["times"] = "*", ["star"] = "*", ["slash"] = "/",
        ["backslash"] = "\\", ["percent"] = "%", ["ampersand"] = "&", ["double ampersand"] = "&&",
        ["pipe"] = "|", ["double pipe"] = "||", ["caret"] = "^", ["tilde"] = "~", ["bang"] = "!",
        ["exclamation mark"] = "!", ["question mark"] = "?", ["colon"] = ":", ["semicolon"] = ";",
        ["comma"] = ",", ["dot"] = ".", ["period"] = ".", ["underscore"] = "_", ["hash"] = "#",
        ["at sign"] = "@", ["dollar sign"] = "$", ["quote"] = "\"", ["single quote"] = "'",
        ["backtick"] = "`", ["new line"] = "\n", ["newline"] = "\n", ["tab"] = "\t",
    };

    // Symbols glued to what follows / what precedes (no space on that side).
    private const string GlueRight = "([{.\"'`_@$#!~";
    private const string GlueLeft = ")]}.,;:\"'`_?";

    // Built once: a pipeline is made per job, the pattern need not be.
    private static readonly Regex Pattern = PhrasePattern.Build(Symbols.Keys);

    public string Name => "code_mode";

    public string Process(string text)
    {
        // Mark symbols with NUL boundaries first, then glue them to neighbours where code expects it.
        string marked = Pattern.Replace(text, m => "\0" + Symbols[PhrasePattern.Normalize(m.Value)] + "\0");
        var parts = marked.Split('\0');
        var result = new System.Text.StringBuilder(text.Length);
        for (int i = 0; i < parts.Length; i++)
        {
            string part = parts[i];
            bool isSymbol = i % 2 == 1;
            if (!isSymbol)
            {
                string trimmed = part;
                if (i > 0 && GlueRightOf(parts[i - 1]))
                {
                    trimmed = trimmed.TrimStart(' ');
                }

                if (i + 1 < parts.Length && GlueLeftOf(parts[i + 1]))
                {
                    trimmed = trimmed.TrimEnd(' ');
                }

                result.Append(trimmed);
            }
            else
            {
                result.Append(part);
            }
        }

        return result.ToString();
    }

    private static bool GlueRightOf(string symbol) => symbol is "\n" or "\t" || (symbol.Length == 1 && GlueRight.Contains(symbol[0], StringComparison.Ordinal));

    private static bool GlueLeftOf(string symbol) => symbol is "\n" || (symbol.Length == 1 && GlueLeft.Contains(symbol[0], StringComparison.Ordinal)) || symbol is "(" or "[";
}
