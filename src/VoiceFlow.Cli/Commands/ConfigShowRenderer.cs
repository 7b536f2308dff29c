using Spectre.Console;
using VoiceFlow.Core.Configuration;

namespace VoiceFlow.Cli.Commands;

/// <summary>Prints an <see cref="EffectiveConfiguration"/> as JSON (for scripts) or a table (for people).</summary>
internal static class ConfigShowRenderer
{
    public static void WriteJson(EffectiveConfiguration config, TextWriter output)
    {
        output.WriteLine(CliJson.Render(config.WriteJson));
    }

    /// <summary>
    /// A table on a terminal; piped or redirected, one <c>key=value  (origin)</c> line per setting (grep, cut and
    /// sed take them as they are) and a <c>#</c> comment naming the config file.
    /// </summary>
    /// <param name="config">What to show.</param>
    /// <param name="output">Where to write.</param>
    public static void Write(EffectiveConfiguration config, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(output);
        if (ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected)
        {
            WriteTable(config, output);
            return;
        }

        foreach (OptionDescriptor option in VoiceFlowOptionRegistry.All)
        {
            output.Write($"{option.Key}={OptionDescriptor.FormatValue(option.GetValue(config.Options))}  ({config.Origins[option.Key]})\n");
        }

        output.Write($"# config file: {FilesRead(config)}\n");
    }

    private static string FilesRead(EffectiveConfiguration config) =>
        config.FilesRead.Count > 0 ? string.Join(", ", config.FilesRead) : $"none ({config.ConfigFile.Path ?? "no location"} does not exist)";

    /// <param name="config">What to show.</param>
    /// <param name="output">Where to write: colour and the terminal's width on a terminal, plain wide text otherwise.</param>
    public static void WriteTable(EffectiveConfiguration config, TextWriter output)
    {
        IAnsiConsole console = CliConsole.For(output);

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Key").AddColumn("Value").AddColumn("Origin");
        foreach (string section in VoiceFlowOptionRegistry.Sections)
        {
            table.AddRow(new Markup($"[bold]{Markup.Escape(section)}[/]"), Text.Empty, Text.Empty);
            foreach (OptionDescriptor option in VoiceFlowOptionRegistry.All.Where(o => o.Section == section))
            {
                ConfigValueOrigin origin = config.Origins[option.Key];
                string style = origin.Kind == ConfigSourceKind.Default ? "grey" : "green";
                table.AddRow(
                    new Text("  " + option.Key),
                    new Text(OptionDescriptor.FormatValue(option.GetValue(config.Options))),
                    new Markup($"[{style}]{Markup.Escape(origin.ToString())}[/]"));
            }
        }

        console.Write(table);
        console.Write(new Text($"config file: {FilesRead(config)}\n"));
    }
}
