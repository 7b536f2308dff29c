using System.Globalization;
using VoiceFlow.Dictation.Protocol;

namespace VoiceFlow.Dictation.Ipc;

/// <summary>
/// What <c>voiceflow dictate begin|end|toggle|cancel|status|shutdown</c> does and prints, in one place for the full
/// CLI and the small native client a desktop shortcut runs (<c>voiceflow-dictate</c>), so both print the same.
/// </summary>
public static class DictationClientCommand
{
    /// <summary>Sends <paramref name="command"/> to the daemon of <paramref name="paths"/> and prints its answer on <paramref name="output"/>.</summary>
    /// <param name="paths">Where the daemon's socket is.</param>
    /// <param name="command">One of <see cref="DictationCommands.All"/>.</param>
    /// <param name="json">Print the daemon's JSON answer instead of text.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    /// <exception cref="Core.Errors.VoiceFlowException">The daemon's error, as its own type (the CLI's exit code follows from it).</exception>
    public static async Task RunAsync(DictationPaths paths, string command, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(output);
        var response = await DictationClient.For(paths).SendAsync(command, cancellationToken).ConfigureAwait(false);
        if (json)
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
        else if (command == DictationCommands.Status && response.Status is { } status)
        {
            await WriteStatusAsync(output, status).ConfigureAwait(false);
        }
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
}
