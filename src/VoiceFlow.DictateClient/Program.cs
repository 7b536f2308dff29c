using System.Runtime.Versioning;
using VoiceFlow.Core.Errors;
using VoiceFlow.Dictation;
using VoiceFlow.Dictation.Ipc;
using VoiceFlow.Dictation.Protocol;

[assembly: SupportedOSPlatform("linux")]

namespace VoiceFlow.DictateClient;

/// <summary>
/// <c>voiceflow-dictate begin|end|toggle|cancel|status [--json]</c>: the same output, errors and exit codes as
/// <c>voiceflow dictate ...</c> (both run <see cref="DictationClientCommand"/> and <see cref="FailureReport"/>), from a
/// native binary that starts in milliseconds. Any other command line is the full CLI's business.
/// </summary>
internal static class Program
{
    /// <summary>The commands a shortcut runs (shutdown and daemon stay with the full CLI).</summary>
    public static readonly IReadOnlyList<string> Commands =
        [DictationCommands.Begin, DictationCommands.End, DictationCommands.Toggle, DictationCommands.Cancel, DictationCommands.Status];

    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        return await RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable, cancel.Token).ConfigureAwait(false);
    }

    /// <summary>Runs one command line (tests call it in-process with their own environment).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        string? command = args is [_] or [_, "--json"] ? args[0] : null;
        if (command is null || !Commands.Contains(command))
        {
            // The launcher only sends the forms above; anything else (help, other flags) goes to the full CLI.
            await error.WriteLineAsync($"usage: voiceflow-dictate {string.Join('|', Commands)} [--json] (anything else: voiceflow dictate --help)").ConfigureAwait(false);
            return 2;
        }

        try
        {
            await DictationClientCommand.RunAsync(DictationPaths.FromEnvironment(environment), command, json: args.Length == 2, output, cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (OperationCanceledException)
        {
            return await FailureReport.WriteCancelledAsync(error).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // As the CLI without --verbose: one line for anything, the exit code of its kind.
            return FailureReport.Write(ex, verbose: false, error);
        }
    }
}
