using Spectre.Console;

namespace VoiceFlow.Cli;

/// <summary>Spectre.Console output onto a command's writer, wide enough that tables never wrap into a file or pipe.</summary>
internal static class CliConsole
{
    /// <summary>Width used when the writer is not a terminal (files, pipes, tests).</summary>
    private const int UnboundedWidth = 240;

    public static IAnsiConsole For(TextWriter writer)
    {
        bool terminal = (ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected)
            || (ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (!terminal)
        {
            console.Profile.Width = UnboundedWidth;
        }

        return console;
    }
}
