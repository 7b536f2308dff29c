using System.Diagnostics;
using System.Runtime.Versioning;

namespace VoiceFlow.Benchmarks.Dictation;

/// <summary>
/// The dictation client as a shortcut runs it: a new process per command, timed from its start to its exit. The
/// native voiceflow-dictate or the ./voiceflow launcher (<c>--client</c>), else the full CLI (<c>dotnet voiceflow.dll dictate</c>).
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class ClientProcess(string? client, string cli, string runtimeDirectory)
{
    /// <summary>Standard output of the last run.</summary>
    public string LastOutput { get; private set; } = "";

    /// <summary>Runs one command; returns the time from the process's start to its exit.</summary>
    /// <exception cref="InvalidOperationException">The client failed (its stderr is in the message).</exception>
    public async Task<TimeSpan> RunAsync(params string[] command)
    {
        var start = Start(command);
        long started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var elapsed = Stopwatch.GetElapsedTime(started);
        LastOutput = await output;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{start.FileName} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {await error}");
        }

        return elapsed;
    }

    private ProcessStartInfo Start(string[] command)
    {
        var start = new ProcessStartInfo(client ?? "dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        // The launcher takes the CLI's command line; the native client only the dictate subcommand's.
        string[] args = client is null ? [cli, "dictate", .. command]
            : Path.GetFileName(client) == "voiceflow-dictate" ? command
            : ["dictate", .. command];
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["XDG_RUNTIME_DIR"] = runtimeDirectory;
        return start;
    }
}
