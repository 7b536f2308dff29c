using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using VoiceFlow.Core.Delivery;

namespace VoiceFlow.Desktop;

/// <summary>What a delivery tool printed and how it ended.</summary>
internal readonly record struct ToolResult(int ExitCode, string Output, string Error);

/// <summary>
/// Runs one delivery tool: an argument list (never a shell), optional text on stdin, the session's variables, and a
/// time bound after which it is killed. Clipboard tools (xclip, xsel, wl-copy) fork a child that keeps serving the
/// selection with our pipes still open, so the run ends when the tool exits, not when its pipes close: output read
/// after that is what arrived within a short grace period.
/// </summary>
internal static class ToolRunner
{
    private static readonly TimeSpan PipeGrace = TimeSpan.FromMilliseconds(300);

    /// <exception cref="TextOutputException">The tool cannot be started or does not finish within <paramref name="timeout"/>.</exception>
    public static async Task<ToolResult> RunAsync(
        string path, IEnumerable<string> arguments, DesktopSession session, string? input, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(path)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in session.Environment)
        {
            startInfo.Environment[name] = value;
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            throw new TextOutputException($"{Path.GetFileName(path)} could not be started ({exception.Message})", exception);
        }

        var output = new StringBuilder();
        var error = new StringBuilder();
        using var pipes = new CancellationTokenSource();
        var readOutput = CollectAsync(process.StandardOutput, output, pipes.Token);
        var readError = CollectAsync(process.StandardError, error, pipes.Token);
        try
        {
            await WriteInputAsync(process, input).ConfigureAwait(false);
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(bounded.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TextOutputException($"{Path.GetFileName(path)} did not finish within {timeout.TotalSeconds:0.#} s and was stopped");
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            // A forked child may hold the pipes open for as long as it serves the selection: wait briefly, not for it.
            await Task.WhenAny(Task.WhenAll(readOutput, readError), Task.Delay(PipeGrace, CancellationToken.None)).ConfigureAwait(false);
            await pipes.CancelAsync().ConfigureAwait(false);
        }

        return new ToolResult(process.ExitCode, Snapshot(output), Snapshot(error));
    }

    /// <summary>A failed tool's error as one line: the tool, its exit code, and the first line it printed.</summary>
    public static string Describe(string tool, ToolResult result)
    {
        string first = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";
        return $"{tool} failed with exit code {result.ExitCode}: {first}";
    }

    private static async Task WriteInputAsync(Process process, string? input)
    {
        try
        {
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input).ConfigureAwait(false);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The tool exited without reading all of its input; its exit code and message say why.
        }
    }

    private static async Task CollectAsync(StreamReader reader, StringBuilder into, CancellationToken cancellationToken)
    {
        var buffer = new char[4096];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                lock (into)
                {
                    into.Append(buffer, 0, read);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // A forked child still holds the pipe: what arrived so far is the output.
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException)
        {
            // The process was disposed while a forked child still held the pipe.
        }
    }

    private static string Snapshot(StringBuilder builder)
    {
        lock (builder)
        {
            return builder.ToString();
        }
    }
}
