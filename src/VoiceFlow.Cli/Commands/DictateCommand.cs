using System.CommandLine;
using System.Globalization;
using System.Runtime.Versioning;
using VoiceFlow.Cli.Configuration;
using VoiceFlow.Dictation;
using VoiceFlow.Dictation.Ipc;
using VoiceFlow.Dictation.Protocol;

namespace VoiceFlow.Cli.Commands;

/// <summary>
/// <c>voiceflow dictate daemon|begin|end|toggle|cancel|status|shutdown</c>: the daemon keeps the model loaded and
/// the microphone's pre-roll running; the other commands are what desktop shortcuts run.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class DictateCommand
{
    private static readonly Dictionary<string, string> ClientCommands = new(StringComparer.Ordinal)
    {
        [DictationCommands.Begin] = "Start recording (the last 0.8 s before it included).",
        [DictationCommands.End] = "Stop recording, transcribe, deliver; prints the text once it has been delivered.",
        [DictationCommands.Toggle] = "Begin when idle, end when recording: bind this to one desktop shortcut.",
        [DictationCommands.Cancel] = "Discard the recording in progress.",
        [DictationCommands.Status] = "Show the daemon's state, engine, capture source and last error.",
        [DictationCommands.Shutdown] = "Stop the daemon after the dictation in flight.",
    };

    public static Command Create()
    {
        var command = new Command("dictate", "Push-to-talk dictation through a background daemon (bind `voiceflow dictate toggle` to a shortcut).");
        command.Subcommands.Add(DictateDaemonCommand.Create());
        foreach (var (name, description) in ClientCommands)
        {
            command.Subcommands.Add(CreateClientCommand(name, description));
        }

        return command;
    }

    private static Command CreateClientCommand(string name, string description)
    {
        var json = new Option<bool>("--json") { Description = "Print the daemon's JSON answer." };
        var command = new Command(name, description);
        command.Options.Add(json);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var paths = DictationPaths.FromEnvironment(Lookup);
            var response = await DictationClient.For(paths).SendAsync(name, cancellationToken).ConfigureAwait(false);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(response.ToJson()).ConfigureAwait(false);
            }
            else if (response.Text is { } text)
            {
                if (text.Length > 0)
                {
                    await output.WriteLineAsync(text).ConfigureAwait(false);
                }
            }
            else if (name == DictationCommands.Status && response.Status is { } status)
            {
                await WriteStatusAsync(output, status).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    private static async Task WriteStatusAsync(TextWriter output, DictationStatus status)
    {
        var culture = CultureInfo.InvariantCulture;
        await output.WriteLineAsync(string.Create(culture, $"state: {status.State} (pid {status.Pid})")).ConfigureAwait(false);
        await output.WriteLineAsync($"engine: {status.Engine} ({status.Model}, {(status.ModelLoaded ? "loaded" : "unloaded while idle")})").ConfigureAwait(false);
        await output.WriteLineAsync(status.OutputMethod is { } method ? $"output: {status.Output} ({method})" : $"output: {status.Output}").ConfigureAwait(false);
        await output.WriteLineAsync($"capture: {status.CaptureSource} ({(status.CaptureHealthy ? "healthy" : "NOT capturing")})").ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(culture, $"recorded: {status.RecordedSeconds:0.00} s; transcribing: {status.Transcribing}; completed: {status.Completed}; pending recordings: {status.PendingRecordings}")).ConfigureAwait(false);
        if (status.LastError is { } error)
        {
            await output.WriteLineAsync($"last error: {error}").ConfigureAwait(false);
        }
    }

    /// <summary>The run's environment (a test's, or the process's).</summary>
    internal static string? Lookup(string name) => CliEnvironment.Variables.TryGetValue(name, out string? value) ? value : null;
}
