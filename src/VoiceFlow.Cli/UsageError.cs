using System.CommandLine;

namespace VoiceFlow.Cli;

/// <summary>
/// A command line that does not parse (an unknown command or option, a value outside its choices, a missing
/// argument) becomes one line on stderr naming the first mistake and the help to read, with exit code 2 — the
/// convention of getopt tools — instead of System.CommandLine's page of help on stdout.
/// </summary>
internal static class UsageError
{
    /// <summary>The exit code of a command line that does not parse.</summary>
    public const int ExitCode = 2;

    /// <summary>The message for <paramref name="parse"/>'s first error; null when it parsed (or asks for help).</summary>
    public static string? Of(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.Errors.Count == 0 || AsksForHelp(parse))
        {
            return null;
        }

        // An unrecognised word explains the rest ("transcrib x" also lacks a command): name it first.
        var error = parse.UnmatchedTokens.Count > 0
            ? parse.Errors.FirstOrDefault(e => e.Message.Contains($"'{parse.UnmatchedTokens[0]}'", StringComparison.Ordinal)) ?? parse.Errors[0]
            : parse.Errors[0];
        string first = error.Message.ReplaceLineEndings(" ").Replace("\t", " ", StringComparison.Ordinal).Trim();
        while (first.Contains("  ", StringComparison.Ordinal))
        {
            first = first.Replace("  ", " ", StringComparison.Ordinal);
        }

        return $"voiceflow: usage error: {first} (see '{CommandPath(parse.CommandResult.Command)} --help')";
    }

    private static bool AsksForHelp(ParseResult parse) =>
        parse.Tokens.Any(t => t.Value is "--help" or "-h" or "-?");

    /// <summary>"voiceflow models download" for the command the parser reached.</summary>
    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Command? current = command; current is not null; current = current.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Add(current is RootCommand ? "voiceflow" : current.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
