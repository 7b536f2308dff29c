using System.Diagnostics;
using System.Runtime.Versioning;
using VoiceFlow.Dictation;
using VoiceFlow.Dictation.Ipc;
using VoiceFlow.Dictation.Protocol;

namespace VoiceFlow.Benchmarks.Dictation;

/// <summary>The real <c>voiceflow dictate daemon</c> as a child process with private XDG folders, recording vsink.monitor.</summary>
[SupportedOSPlatform("linux")]
internal sealed class BenchDaemon : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _runtime;

    private BenchDaemon(Process process, string runtime, DictationClient client, DictationStatus status)
    {
        _process = process;
        _runtime = runtime;
        Client = client;
        Status = status;
    }

    public DictationClient Client { get; }

    public DictationStatus Status { get; }

    public int Pid => _process.Id;

    /// <summary>XDG_RUNTIME_DIR of the daemon: a client process needs it to find the socket.</summary>
    public string RuntimeDirectory => _runtime;

    public static async Task<BenchDaemon> StartAsync(string cli, string home, string[] engineArgs)
    {
        // The socket path must stay short (108 bytes): the runtime folder goes under /tmp, not under `home`.
        string runtime = Directory.CreateTempSubdirectory("vfb-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true, // the delivered text (output stdout), drained below
        };
        foreach (string arg in (string[])[cli, "dictate", "daemon", "--source", "vsink.monitor", "--output", "stdout", .. engineArgs])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["XDG_RUNTIME_DIR"] = runtime;
        start.Environment["XDG_DATA_HOME"] = Path.Combine(home, "data");
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(home, "config");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var paths = DictationPaths.FromEnvironment(name => name == "XDG_RUNTIME_DIR" ? runtime : null);
        var client = DictationClient.For(paths);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the daemon exited with code {process.ExitCode} (its stderr is above)");
            }

            if (await client.TryGetStatusAsync(TimeSpan.FromSeconds(1)) is { CaptureHealthy: true } status)
            {
                return new BenchDaemon(process, runtime, client, status);
            }

            await Task.Delay(100);
        }

        process.Kill();
        throw new TimeoutException("the daemon did not become ready with healthy capture within 120 s");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Client.SendAsync(DictationCommands.Shutdown);
            await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        }
        catch (Exception ex) when (ex is DictationException or OperationCanceledException)
        {
            _process.Kill();
        }

        _process.Dispose();
        Directory.Delete(_runtime, recursive: true);
    }
}
