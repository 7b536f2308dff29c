using System.Diagnostics;

namespace VoiceFlow.Core.Tests.Delivery;

/// <summary>
/// An xterm on a <see cref="VirtualDisplay"/> running <c>cat &gt; FILE</c>, focused (pointer over it, no window
/// manager), so whatever is typed or pasted into it lands in the file line by line. Ctrl+V pastes the CLIPBOARD
/// selection (an xterm translation), as editors do.
/// </summary>
internal sealed class TerminalWindow : IDisposable
{
    private readonly Process _xterm;
    private readonly VirtualDisplay _display;
    private int _startLines;

    private TerminalWindow(Process xterm, VirtualDisplay display, string file)
    {
        _xterm = xterm;
        _display = display;
        File = file;
    }

    /// <summary>The line typed at start to prove the window takes keys; <see cref="EndLineAndRead"/> leaves those lines out.</summary>
    private const string ReadyLine = "ready";

    /// <summary>Where the typed lines arrive.</summary>
    public string File { get; }

    public static TerminalWindow Open(VirtualDisplay display, string file)
    {
        string xterm = VirtualDisplay.Tool("xterm", "xterm");
        VirtualDisplay.Tool("xdotool", "xdotool");
        var start = new ProcessStartInfo(xterm) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment["DISPLAY"] = display.Display;
        start.Environment["LANG"] = "C.UTF-8";
        start.Environment["LC_ALL"] = "C.UTF-8";
        foreach (string argument in (string[])[
            "-u8", "-geometry", "80x10+0+0", "-title", "voiceflow-typing-target",
            "-xrm", "XTerm*VT100.translations: #override Ctrl<Key>v: insert-selection(CLIPBOARD)",
            "-e", "sh", "-c", "exec cat > \"$0\"", file])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        var window = new TerminalWindow(process, display, file);
        // --sync waits for the window to be mapped; the pointer over it gives it the focus (PointerRoot, no window manager).
        display.Run("xdotool", "search", "--sync", "--name", "voiceflow-typing-target");
        display.Run("xdotool", "mousemove", "30", "30");
        // A mapped xterm may still drop the first keys while it finishes starting (a CI run lost "word1"): type a
        // line until it arrives whole, so the test's own keys go to a window proven to take them.
        for (int attempt = 1; attempt <= 5; attempt++)
        {
            display.Run("xdotool", "type", "--", ReadyLine);
            display.Run("xdotool", "key", "Return");
            var lines = TestProcesses.WaitForLines(file, attempt);
            if (lines.Count == attempt && lines[^1] == ReadyLine)
            {
                window._startLines = attempt;
                return window;
            }
        }

        window.Dispose();
        throw new InvalidOperationException($"the test xterm never took a whole typed line ({file})");
    }

    /// <summary>Presses Return (ending the line for cat) and waits for <paramref name="lines"/> lines typed by the test.</summary>
    public IReadOnlyList<string> EndLineAndRead(int lines)
    {
        _display.Run("xdotool", "key", "Return");
        return [.. TestProcesses.WaitForLines(File, lines + _startLines).Skip(_startLines)];
    }

    public void Dispose() => TestProcesses.Stop(_xterm);
}
