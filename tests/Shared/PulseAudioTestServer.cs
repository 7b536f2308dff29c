using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace VoiceFlow.Tests.Shared;

/// <summary>
/// A real PulseAudio server of the test's own: <c>pulseaudio -n</c> with only the native protocol and a null sink
/// <c>vsink</c> (16 kHz mono S16LE), running in a private temporary XDG_RUNTIME_DIR/HOME with every PULSE_* variable
/// replaced, so it never touches the user's server. Play speech into <see cref="SinkName"/> with
/// <see cref="PlayAsync"/> and record it from <see cref="MonitorSource"/> at <see cref="ServerAddress"/>.
/// The server runs in the foreground as a child (its pid is <see cref="ProcessId"/>); <see cref="Stop"/>,
/// <see cref="Restart"/> and <see cref="Dispose"/> act on that pid only. Compiled into every test project.
/// </summary>
internal sealed class PulseAudioTestServer : IDisposable
{
    /// <summary>The null sink speech is played into.</summary>
    public const string SinkName = "vsink";

    /// <summary>The source that records what is played into <see cref="SinkName"/>.</summary>
    public const string MonitorSource = "vsink.monitor";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly string _root;
    private readonly string _runtimeDirectory;
    private readonly string _home;
    private readonly StringBuilder _log = new();
    private Process? _process;

    private PulseAudioTestServer(string root)
    {
        _root = root;
        _runtimeDirectory = Path.Combine(root, "run");
        _home = Path.Combine(root, "home");
        Directory.CreateDirectory(_runtimeDirectory);
        if (!OperatingSystem.IsWindows())
        {
            // Like a real XDG_RUNTIME_DIR: the owner's only.
            File.SetUnixFileMode(_runtimeDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Directory.CreateDirectory(_home);
        SocketPath = Path.Combine(_runtimeDirectory, "pulse", "native");
    }

    /// <summary>The server's socket.</summary>
    public string SocketPath { get; }

    /// <summary>What to pass as a PulseAudio server address (PULSE_SERVER, <c>--server</c>).</summary>
    public string ServerAddress => "unix:" + SocketPath;

    /// <summary>The server's process id while it runs.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("the test PulseAudio server is not running");

    /// <summary>Whether the server process is alive.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Environment for a client of this server only (for in-process CLI runs and child tools).</summary>
    public IReadOnlyDictionary<string, string> ClientEnvironment => new Dictionary<string, string> { ["PULSE_SERVER"] = ServerAddress };

    /// <summary>Starts a server; skips the calling test when the pulseaudio binary is not installed.</summary>
    public static PulseAudioTestServer Start()
    {
        foreach (string tool in new[] { "pulseaudio", "paplay" })
        {
            if (FindOnPath(tool) is null)
            {
                Assert.Skip($"{tool} is not installed (apt-get install pulseaudio pulseaudio-utils); PulseAudio capture cannot be tested");
            }
        }

        var server = new PulseAudioTestServer(Path.Combine(Path.GetTempPath(), "voiceflow-pulse-" + Guid.NewGuid().ToString("N")[..12]));
        try
        {
            server.Launch();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Plays a WAV file into <see cref="SinkName"/> and waits until it has played. The playback buffer is 100 ms by
    /// default: with 20 ms, paplay underruns on a loaded machine and the sink inserts silence into the speech (measured:
    /// words split and shifted by up to 0.1 s); the recording side keeps its own small latency.
    /// </summary>
    public async Task PlayAsync(string wavPath, CancellationToken cancellationToken = default, int latencyMilliseconds = 100)
    {
        var start = ClientStart("paplay", $"--latency-msec={latencyMilliseconds}", "-d", SinkName, wavPath);
        using var player = Process.Start(start) ?? throw new InvalidOperationException("paplay did not start");
        var error = player.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await player.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            player.Kill();
            throw;
        }

        if (player.ExitCode != 0)
        {
            throw new InvalidOperationException($"paplay {wavPath} failed with exit code {player.ExitCode}: {(await error).Trim()}");
        }
    }

    /// <summary>Kills the server (by its pid) and waits for it to exit; its socket is gone afterwards.</summary>
    public void Stop()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }

            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        _process = null;
        // A killed server leaves its socket behind: remove it so clients see "no server", not a dead socket.
        TryDelete(SocketPath);
    }

    /// <summary>Stops the server and starts a new one at the same address.</summary>
    public void Restart()
    {
        Stop();
        Launch();
    }

    /// <summary>Stops the server and removes its private folders.</summary>
    public void Dispose()
    {
        Stop();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }

    private void Launch()
    {
        var start = new ProcessStartInfo("pulseaudio")
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = _root,
        };
        // Foreground, so the child's pid is the server's; as root PulseAudio 16 only warns in user mode.
        foreach (string argument in new[]
        {
            "--daemonize=no", "--exit-idle-time=-1", "-n", "--use-pid-file=no", "--log-target=stderr", "--log-level=warning",
            "--load=module-native-protocol-unix",
            $"--load=module-null-sink sink_name={SinkName} rate=16000 channels=1 format=s16le",
        })
        {
            start.ArgumentList.Add(argument);
        }

        IsolateEnvironment(start);
        _log.Clear();
        var process = Process.Start(start) ?? throw new InvalidOperationException("pulseaudio did not start");
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _process = process;
        WaitUntilListening();
    }

    private void WaitUntilListening()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"pulseaudio exited with code {_process.ExitCode} at start: {Log()}");
            }

            if (File.Exists(SocketPath) && Accepts())
            {
                return;
            }

            Thread.Sleep(20);
        }

        throw new InvalidOperationException($"pulseaudio did not listen on {SocketPath} within {StartTimeout.TotalSeconds:0} s: {Log()}");
    }

    private bool Accepts()
    {
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(SocketPath));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private ProcessStartInfo ClientStart(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        IsolateEnvironment(start);
        start.Environment["PULSE_SERVER"] = ServerAddress;
        return start;
    }

    /// <summary>Private runtime, home, config and state folders; no inherited PULSE_*, D-Bus or display to reach another server.</summary>
    private void IsolateEnvironment(ProcessStartInfo start)
    {
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("PULSE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment.Remove("DBUS_SESSION_BUS_ADDRESS");
        start.Environment.Remove("DISPLAY");
        start.Environment.Remove("WAYLAND_DISPLAY");
        start.Environment["HOME"] = _home;
        start.Environment["XDG_RUNTIME_DIR"] = _runtimeDirectory;
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(_home, ".config");
        start.Environment["XDG_STATE_HOME"] = Path.Combine(_home, ".local", "state");
        start.Environment["PULSE_RUNTIME_PATH"] = Path.Combine(_runtimeDirectory, "pulse");
        start.Environment["PULSE_STATE_PATH"] = Path.Combine(_home, "state");
        start.Environment["LC_ALL"] = "C";
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

    private string Log()
    {
        lock (_log)
        {
            return _log.ToString().Trim();
        }
    }

    private static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
