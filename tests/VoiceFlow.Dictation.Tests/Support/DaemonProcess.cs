using System.Diagnostics;
using System.Text;
using VoiceFlow.Dictation.Ipc;
using VoiceFlow.Dictation.Protocol;

namespace VoiceFlow.Dictation.Tests.Support;

/// <summary>
/// <c>dotnet voiceflow.dll dictate daemon ...</c> as a child process (the CLI is built next to the test assembly),
/// for what only a real process shows: kill -9, SIGTERM, a restart.
/// </summary>
internal sealed class DaemonProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private DaemonProcess(Process process, DictationPaths paths)
    {
        _process = process;
        Client = DictationClient.For(paths);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public DictationClient Client { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What the daemon printed (stdout and stderr).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts the daemon and waits until it answers <c>status</c>.</summary>
    public static async Task<DaemonProcess> StartAsync(TestDirectories directories, IReadOnlyDictionary<string, string> extraEnvironment, params string[] arguments)
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "voiceflow.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(cli);
        start.ArgumentList.Add("dictate");
        start.ArgumentList.Add("daemon");
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in directories.Environment().Concat(extraEnvironment))
        {
            start.Environment[name] = value;
        }

        var daemon = new DaemonProcess(Process.Start(start)!, directories.Paths);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (daemon.HasExited)
            {
                throw new InvalidOperationException($"the daemon exited with {daemon._process.ExitCode}:\n{daemon.Log}");
            }

            if (await daemon.Client.TryGetStatusAsync(TimeSpan.FromSeconds(1)) is { CaptureHealthy: true })
            {
                return daemon;
            }

            await Task.Delay(100);
        }

        await daemon.DisposeAsync();
        throw new TimeoutException($"the daemon did not become ready with healthy capture in 60 s:\n{daemon.Log}");
    }

    /// <summary>SIGKILL: no cleanup at all, as a crash.</summary>
    public void Kill9()
    {
        _process.Kill();
        _process.WaitForExit(10_000);
    }

    /// <summary>SIGTERM, then waits for the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync(new CancellationTokenSource(timeout).Token);
        return _process.ExitCode;
    }

    /// <summary>Polls status until <paramref name="condition"/> holds.</summary>
    public async Task<DictationStatus> WaitForStatusAsync(Func<DictationStatus, bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var status = (await Client.SendAsync(DictationCommands.Status)).Status!;
            if (condition(status))
            {
                return status;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"status never matched; last: {status}\n{Log}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
