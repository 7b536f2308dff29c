using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using VoiceFlow.Cli.Configuration;
using VoiceFlow.Core.History;
using VoiceFlow.History.Sqlite;

namespace VoiceFlow.Cli.Commands;

/// <summary><c>voiceflow history [--search TEXT] [--limit N] [--json]</c> and <c>voiceflow history clear</c>.</summary>
internal static class HistoryCommand
{
    public static Command Create()
    {
        var search = new Option<string?>("--search", "-s") { Description = "Only entries whose text contains this (case-insensitive).", HelpName = "TEXT" };
        var limit = new Option<int>("--limit", "-n") { Description = "At most this many entries, newest first.", DefaultValueFactory = _ => 20, HelpName = "N" };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--limit must be at least 1");
            }
        });
        var json = new Option<bool>("--json") { Description = "Print a JSON array instead of a table." };

        var history = new Command("history", "List stored dictations and transcriptions ($XDG_DATA_HOME/voiceflow/history.db).");
        history.Options.Add(search);
        history.Options.Add(limit);
        history.Options.Add(json);
        history.SetAction(async (parse, cancellationToken) =>
        {
            using var store = OpenStore(parse);
            var entries = await store.QueryAsync(new HistoryQuery { Search = parse.GetValue(search), Limit = parse.GetValue(limit) }, cancellationToken).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                WriteJson(entries, output);
            }
            else if (ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected)
            {
                if (entries.Count == 0)
                {
                    await output.WriteLineAsync($"no entries in {store.Path}").ConfigureAwait(false);
                }
                else
                {
                    WriteTable(entries, output);
                }
            }
            else
            {
                WriteLines(entries, output);
            }

            return 0;
        });

        var clear = new Command("clear", "Delete every history entry and the kept audio.");
        clear.SetAction(async (parse, cancellationToken) =>
        {
            using var store = OpenStore(parse);
            int deleted = await store.ClearAsync(cancellationToken).ConfigureAwait(false);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"deleted {deleted} entries from {store.Path}").ConfigureAwait(false);
            return 0;
        });
        history.Subcommands.Add(clear);
        history.Subcommands.Add(HistoryRetranscribeCommand.Create());
        return history;
    }

    private static SqliteHistoryStore OpenStore(ParseResult parse)
    {
        var config = ConfigurationFlags.Resolve(parse);
        using var host = CliHost.Create(parse, config);
        return host.OpenHistoryDatabase();
    }

    private static TableColumn Fixed(string header) => new TableColumn(header).NoWrap();

    private static string Local(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static void WriteTable(IReadOnlyList<HistoryEntry> entries, TextWriter output)
    {
        // Only the text wraps on a narrow terminal.
        var table = new Table().Border(TableBorder.Rounded).AddColumns(
            Fixed("#"), Fixed("time"), Fixed("kind"), new TableColumn("text"), Fixed("engine"), Fixed("audio"), Fixed("speed"));
        foreach (var entry in entries)
        {
            table.AddRow(
                entry.Id.ToString(CultureInfo.InvariantCulture),
                Local(entry.Time),
                Markup.Escape(entry.Kind),
                Markup.Escape(entry.Text),
                Markup.Escape(entry.Engine),
                string.Create(CultureInfo.InvariantCulture, $"{entry.AudioDuration.TotalSeconds:0.0} s"),
                string.Create(CultureInfo.InvariantCulture, $"{entry.SpeedFactor:0.0}x"));
        }

        CliConsole.For(output).Write(table);
    }

    /// <summary>For pipes and files: one entry per line, tab-separated (id, time, kind, text), text with no line breaks.</summary>
    private static void WriteLines(IReadOnlyList<HistoryEntry> entries, TextWriter output)
    {
        foreach (var entry in entries)
        {
            string text = entry.Text.ReplaceLineEndings(" ").Replace('\t', ' ');
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{entry.Id}\t{Local(entry.Time)}\t{entry.Kind}\t{text}"));
        }
    }

    private static void WriteJson(IReadOnlyList<HistoryEntry> entries, TextWriter output) => output.WriteLine(CliJson.Render(json =>
        {
            json.WriteStartArray();
            foreach (var entry in entries)
            {
                json.WriteStartObject();
                json.WriteNumber("id", entry.Id);
                json.WriteString("time", entry.Time);
                json.WriteString("kind", entry.Kind);
                json.WriteString("source", entry.Source);
                json.WriteString("text", entry.Text);
                json.WriteString("raw_text", entry.RawText);
                json.WriteString("engine", entry.Engine);
                json.WriteString("model", entry.Model);
                json.WriteNumber("audio_seconds", Math.Round(entry.AudioDuration.TotalSeconds, 3));
                json.WriteNumber("processing_seconds", Math.Round(entry.ProcessingTime.TotalSeconds, 3));
                json.WriteNumber("speed_factor", Math.Round(entry.SpeedFactor, 2));
                if (entry.Language is not null)
                {
                    json.WriteString("language", entry.Language);
                }

                if (entry.LanguageProbability is { } probability)
                {
                    json.WriteNumber("language_probability", probability);
                }

                if (entry.RevisionOf is { } revised)
                {
                    json.WriteNumber("revision_of", revised);
                }

                if (entry.AudioPath is null)
                {
                    json.WriteNull("audio_path");
                }
                else
                {
                    json.WriteString("audio_path", entry.AudioPath);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }));
}
