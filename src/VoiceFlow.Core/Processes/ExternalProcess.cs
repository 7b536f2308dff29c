using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace VoiceFlow.Core.Processes;

/// <summary>
/// The one way VoiceFlow runs another program (ffmpeg, pactl, flite, sox, the desktop's clipboard and typing tools):
/// an argument list, the environment it asks for, a time bound, and both pipes read concurrently so no chatty program
/// can block on a full pipe. <see cref="RunAsync"/> runs a program to its end; <see cref="Start"/> hands a streaming
/// caller (ffmpeg's decoder) the running process.
/// </summary>
public static class ExternalProcess
{
    /// <summary>Starts <paramref name="request"/> with stdout and stderr redirected (stdin too when <paramref name="redirectInput"/>).</summary>
    /// <exception cref="ExternalProcessException">The program cannot be started.</exception>
    public static Process Start(ExternalProcessRequest request, bool redirectInput)
    {
        ArgumentNullException.ThrowIfNull(request);
        var startInfo = new ProcessStartInfo(request.Program)
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (redirectInput)
        {
            startInfo.StandardInputEncoding = new UTF8Encoding(false);
        }

        foreach (string argument in request.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in request.Environment)
        {
            startInfo.Environment[name] = value;
        }

        try
        {
            return Process.Start(startInfo)
                ?? throw new ExternalProcessException(request.Name, ExternalProcessFailure.NotStarted, $"{request.Name} could not be started");
        }
        catch (Win32Exception exception)
        {
            throw new ExternalProcessException(
                request.Name, ExternalProcessFailure.NotStarted, $"{request.Name} could not be started ({exception.Message})", exception);
        }
    }

    /// <summary>
    /// Runs <paramref name="request"/> to its end and returns its exit code and output (a non-zero exit is a result,
    /// not an error: callers know what it means for their program).
    /// </summary>
    /// <exception cref="ExternalProcessException">It cannot be started, or runs past <see cref="ExternalProcessRequest.Timeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the program was killed.</exception>
    public static async Task<ExternalProcessResult> RunAsync(ExternalProcessRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var process = Start(request, redirectInput: true);
        var output = new StringBuilder();
        var error = new StringBuilder();
        using var pipes = new CancellationTokenSource();
        var readOutput = CollectAsync(process.StandardOutput, output, pipes.Token);
        var readError = CollectAsync(process.StandardError, error, pipes.Token);
        bool exited = false;
        try
        {
            await WriteInputAsync(process, request.Input).ConfigureAwait(false);
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(request.Timeout);
            try
            {
                await process.WaitForExitAsync(bounded.Token).ConfigureAwait(false);
                exited = true;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ExternalProcessException(
                    request.Name, ExternalProcessFailure.TimedOut, $"{request.Name} did not finish within {request.Timeout.TotalSeconds:0.#} s and was stopped");
            }
        }
        finally
        {
            Kill(process);
            var collected = Task.WhenAll(readOutput, readError);
            if (request.PipeGrace is { } grace)
            {
                // A forked child may hold the pipes open for as long as it lives: wait briefly, not for it.
                await Task.WhenAny(collected, Task.Delay(grace, CancellationToken.None)).ConfigureAwait(false);
                await pipes.CancelAsync().ConfigureAwait(false);
            }
            else if (!exited)
            {
                // Killed (time bound or cancellation): what it printed so far is all there is.
                await pipes.CancelAsync().ConfigureAwait(false);
            }

            await collected.ConfigureAwait(false);
        }

        return new ExternalProcessResult(process.ExitCode, Snapshot(output), Snapshot(error));
    }

    /// <summary>The synchronous form of <see cref="RunAsync"/> for callers that have no asynchronous path.</summary>
    public static ExternalProcessResult Run(ExternalProcessRequest request, CancellationToken cancellationToken) =>
        RunAsync(request, cancellationToken).GetAwaiter().GetResult();

    /// <summary>Kills a process and its children if it still runs.</summary>
    public static void Kill(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
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
            // The program exited without reading all of its input; its exit code and message say why.
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
            // A forked child still holds the pipe, or the run was cancelled: what arrived so far is the output.
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
