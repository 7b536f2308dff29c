using System.Diagnostics;
using VoiceFlow.Desktop;

namespace VoiceFlow.Core.Tests.Delivery;

/// <summary>
/// A private X server (Xvfb) for one test, with the session that points delivery tools at it. Xvfb picks a free display
/// number itself (-displayfd) and is stopped, by its pid, when the test ends.
/// </summary>
internal sealed class VirtualDisplay : IDisposable
{
    private readonly Process _server;

    private VirtualDisplay(Process server, string display)
    {
        _server = server;
        Display = display;
    }

    /// <summary>":N".</summary>
    public string Display { get; }

    /// <summary>Starts Xvfb; skips the test when it is not installed (scripts/lib/common.sh installs it).</summary>
    public static VirtualDisplay Start()
    {
        string xvfb = Tool("Xvfb", "xvfb");
        var start = new ProcessStartInfo(xvfb) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])["-displayfd", "1", "-screen", "0", "800x600x24", "-nolisten", "tcp", "-noreset"])
        {
            start.ArgumentList.Add(argument);
        }

        var server = Process.Start(start)!;
        _ = server.StandardError.ReadToEndAsync();
        var line = server.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(15)) || line.Result is not { } number)
        {
            server.Kill();
            server.Dispose();
            throw new InvalidOperationException("Xvfb did not report a display within 15 s");
        }

        return new VirtualDisplay(server, ":" + number.Trim());
    }

    /// <summary>The full path of <paramref name="command"/> on the process's PATH; skips the test naming the package when absent.</summary>
    public static string Tool(string command, string package) =>
        new ExternalTool(command, package).Locate(Environment.GetEnvironmentVariable("PATH"))
            ?? throw new InvalidOperationException(Skip(command, package));

    private static string Skip(string command, string package)
    {
        Assert.Skip($"{command} is not installed (Debian package {package}; scripts/lib/common.sh installs it)");
        return "";
    }

    /// <summary>An X11 session on this display whose PATH is <paramref name="path"/> (the process's when null).</summary>
    public DesktopSession Session(string? path = null) => DesktopSession.FromEnvironment(new Dictionary<string, string>
    {
        ["DISPLAY"] = Display,
        ["PATH"] = path ?? Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
    });

    /// <summary>Runs a tool on this display and returns its stdout (for test set-up and checks).</summary>
    public string Run(string command, params string[] arguments) =>
        TestProcesses.Run(command, arguments, new Dictionary<string, string> { ["DISPLAY"] = Display });

    public void Dispose()
    {
        if (!_server.HasExited)
        {
            _server.Kill();
            _server.WaitForExit(5000);
        }

        _server.Dispose();
    }
}
