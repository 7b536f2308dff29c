using System.Diagnostics;

namespace VoiceFlow.Core.Tests.Delivery;

/// <summary>
/// A foot terminal on a <see cref="WaylandCompositor"/> running <c>cat &gt; FILE</c>: sway focuses it when it maps, so
/// whatever is typed or pasted into it lands in the file line by line. Ctrl+V pastes the clipboard (a foot key
/// binding in its private config), as editors do.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class FootWindow : IDisposable
{
    private readonly Process _foot;
    private readonly WaylandCompositor _compositor;

    private FootWindow(Process foot, WaylandCompositor compositor, string file)
    {
        _foot = foot;
        _compositor = compositor;
        File = file;
    }

    /// <summary>Where the typed lines arrive.</summary>
    public string File { get; }

    public static FootWindow Open(WaylandCompositor compositor, string file)
    {
        string foot = VirtualDisplay.Tool("foot", "foot");
        VirtualDisplay.Tool("wtype", "wtype");
        string config = file + ".foot.ini";
        System.IO.File.WriteAllText(config, "[key-bindings]\nclipboard-paste=Control+v Control+Shift+v\n");
        var start = new ProcessStartInfo(foot) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var (name, value) in compositor.ClientEnvironment())
        {
            start.Environment[name] = value;
        }

        string ready = file + ".ready";
        foreach (string argument in (string[])["-c", config, "sh", "-c", "touch \"$1\"; exec cat > \"$0\"", file, ready])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!System.IO.File.Exists(ready) && DateTime.UtcNow < deadline && !process.HasExited)
        {
            Thread.Sleep(20);
        }

        // The shell runs once the window is up; give the compositor a moment to hand it the keyboard focus.
        Thread.Sleep(300);
        return new FootWindow(process, compositor, file);
    }

    /// <summary>Presses Return (ending the line for cat) and waits for <paramref name="lines"/> lines in the file.</summary>
    public IReadOnlyList<string> EndLineAndRead(int lines)
    {
        _compositor.Run("wtype", "-s", "40", "-k", "Return");
        return TestProcesses.WaitForLines(File, lines);
    }

    public void Dispose() => TestProcesses.Stop(_foot);
}
