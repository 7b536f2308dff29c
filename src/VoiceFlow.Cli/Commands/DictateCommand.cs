using System.CommandLine;
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
            await DictationClientCommand.RunAsync(paths, name, parse.GetValue(json), parse.InvocationConfiguration.Output, cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>The run's environment (a test's, or the process's).</summary>
    internal static string? Lookup(string name) => CliEnvironment.Variables.TryGetValue(name, out string? value) ? value : null;
}
