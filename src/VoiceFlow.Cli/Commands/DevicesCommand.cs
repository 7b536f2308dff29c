using System.CommandLine;
using System.Text.Json;
using VoiceFlow.Cli.Configuration;
using VoiceFlow.Core.Capture;

namespace VoiceFlow.Cli.Commands;

/// <summary><c>voiceflow devices</c>: the capture sources of the PulseAudio server, the default one marked.</summary>
internal static class DevicesCommand
{
    public static Command Create()
    {
        var flags = new CaptureFlags();
        var json = new Option<bool>("--json") { Description = "Print the sources as a JSON array (name, description, monitor, default)." };
        var command = new Command("devices", "List the capture sources (microphones and monitors) of the PulseAudio server.");
        flags.AddTo(command, withSource: false);
        command.Options.Add(json);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var config = ConfigurationFlags.Resolve(parse, flags.Overrides(parse));
            using var host = CliHost.Create(parse, config);
            var sources = host.CreateCaptureProvider().ListSources();
            var output = parse.InvocationConfiguration.Output;
            await output.WriteAsync(parse.GetValue(json) ? ToJson(sources) : ToText(sources)).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>One source per line: "*" marks the default, then the name to pass to --source, then the description.</summary>
    private static string ToText(IReadOnlyList<CaptureDevice> sources)
    {
        if (sources.Count == 0)
        {
            return "no capture sources (is a microphone connected?)\n";
        }

        int width = sources.Max(s => s.Name.Length);
        var text = new System.Text.StringBuilder();
        foreach (var source in sources)
        {
            text.Append(source.IsDefault ? "* " : "  ").Append(source.Name.PadRight(width)).Append("  ").Append(source.Description);
            text.Append(source.IsMonitor ? " (monitor of an output)\n" : "\n");
        }

        return text.ToString();
    }

    private static string ToJson(IReadOnlyList<CaptureDevice> sources) => CliJson.Render(writer =>
        {
            writer.WriteStartArray();
            foreach (var source in sources)
            {
                writer.WriteStartObject();
                writer.WriteString("name", source.Name);
                writer.WriteString("description", source.Description);
                writer.WriteBoolean("monitor", source.IsMonitor);
                writer.WriteBoolean("default", source.IsDefault);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }) + "\n";
}
