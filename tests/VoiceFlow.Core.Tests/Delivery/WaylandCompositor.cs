using System.Diagnostics;
using VoiceFlow.Desktop;

namespace VoiceFlow.Core.Tests.Delivery;

/// <summary>
/// A private headless sway (wlroots: it offers the virtual-keyboard and data-control protocols wtype and wl-clipboard
/// use) in its own runtime folder, for one test. sway refuses to run as root, so under root it runs as nobody; root's
/// clients still reach its socket. Stopped, by its pid, when the test ends.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class WaylandCompositor : IDisposable
{
    private readonly Process _sway;

    private WaylandCompositor(Process sway, string runtimeDirectory, string socket)
    {
        _sway = sway;
        RuntimeDirectory = runtimeDirectory;
        Socket = socket;
    }

    /// <summary>XDG_RUNTIME_DIR of the compositor and its clients.</summary>
    public string RuntimeDirectory { get; }

    /// <summary>WAYLAND_DISPLAY ("wayland-1").</summary>
    public string Socket { get; }

    /// <summary>Starts sway headless; skips the test when it is not installed (scripts/lib/common.sh installs it).</summary>
    public static WaylandCompositor Start()
    {
        string sway = VirtualDisplay.Tool("sway", "sway");
        string runtime = Directory.CreateTempSubdirectory("voiceflow-wayland-").FullName;
        File.SetUnixFileMode(runtime, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string config = Path.Combine(runtime, "sway.conf");
        File.WriteAllText(config, "output HEADLESS-1 resolution 800x600\n");
        bool root = System.Environment.UserName == "root";
        if (root)
        {
            TestProcesses.Run("chown", ["-R", "nobody:nogroup", runtime], new Dictionary<string, string>());
        }

        var start = new ProcessStartInfo(root ? "setpriv" : sway) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/bin:/bin";
        start.Environment["HOME"] = runtime;
        start.Environment["XDG_RUNTIME_DIR"] = runtime;
        start.Environment["WLR_BACKENDS"] = "headless";
        start.Environment["WLR_LIBINPUT_NO_DEVICES"] = "1";
        start.Environment["WLR_RENDERER"] = "pixman";
        foreach (string argument in root ? ["--reuid=nobody", "--regid=nogroup", "--clear-groups", sway, "-c", config] : (string[])["-c", config])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        var log = process.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            string? socket = Directory.EnumerateFiles(runtime, "wayland-*").Select(Path.GetFileName).FirstOrDefault(name => !name!.EndsWith(".lock", StringComparison.Ordinal));
            if (socket is not null)
            {
                return new WaylandCompositor(process, runtime, socket);
            }

            Thread.Sleep(50);
        }

        string why = process.HasExited ? log.Result : "no socket within 20 s";
        TestProcesses.Stop(process);
        throw new InvalidOperationException($"sway did not start: {why}");
    }

    /// <summary>A Wayland session on this compositor whose PATH is <paramref name="path"/> (the process's when null).</summary>
    public DesktopSession Session(string? path = null, string? currentDesktop = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["WAYLAND_DISPLAY"] = Socket,
            ["XDG_RUNTIME_DIR"] = RuntimeDirectory,
            ["PATH"] = path ?? System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
        };
        if (currentDesktop is not null)
        {
            environment["XDG_CURRENT_DESKTOP"] = currentDesktop;
        }

        return DesktopSession.FromEnvironment(environment);
    }

    /// <summary>Runs a Wayland client tool against this compositor and returns its stdout.</summary>
    public string Run(string command, params string[] arguments) => TestProcesses.Run(command, arguments, ClientEnvironment());

    /// <summary>The variables a client of this compositor needs.</summary>
    public Dictionary<string, string> ClientEnvironment() => new()
    {
        ["WAYLAND_DISPLAY"] = Socket,
        ["XDG_RUNTIME_DIR"] = RuntimeDirectory,
        ["LC_ALL"] = "C.UTF-8",
    };

    public void Dispose()
    {
        TestProcesses.Stop(_sway);
        try
        {
            Directory.Delete(RuntimeDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A client still closing its socket: the temp folder is left for the system to clean.
        }
    }
}
