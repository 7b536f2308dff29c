using VoiceFlow.Core.Delivery;
using VoiceFlow.Core.Processes;

namespace VoiceFlow.Desktop;

/// <summary>
/// Runs one delivery tool through <see cref="ExternalProcess"/> with the session's variables and a time bound. Clipboard
/// tools (xclip, xsel, wl-copy) fork a child that keeps serving the selection with our pipes still open, so the run
/// ends when the tool exits, not when its pipes close: output read after that is what arrived within a short grace.
/// </summary>
internal static class ToolRunner
{
    private static readonly TimeSpan PipeGrace = TimeSpan.FromMilliseconds(300);

    /// <exception cref="TextOutputException">The tool cannot be started or does not finish within <paramref name="timeout"/>.</exception>
    public static async Task<ExternalProcessResult> RunAsync(
        string path, IEnumerable<string> arguments, DesktopSession session, string? input, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var request = new ExternalProcessRequest(path, [.. arguments])
        {
            Environment = session.Environment,
            Input = input,
            Timeout = timeout,
            PipeGrace = PipeGrace,
        };
        try
        {
            return await ExternalProcess.RunAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ExternalProcessException exception)
        {
            throw new TextOutputException(exception.Message, exception);
        }
    }

    /// <summary>A failed tool's error as one line: the tool, its exit code, and the first line it printed.</summary>
    public static string Describe(string tool, ExternalProcessResult result) =>
        $"{tool} failed with exit code {result.ExitCode}: {result.FirstErrorLine}";
}
