using System.Globalization;
using VoiceFlow.Core.Delivery;

namespace VoiceFlow.Desktop;

/// <summary>
/// Synthetic keystrokes through the session's tool: xdotool on X11; wtype (the Wayland virtual-keyboard protocol,
/// which wlroots compositors and KDE offer) or else ydotool (the kernel's uinput, which works on any compositor but
/// needs its daemon and types only what a US layout can) on Wayland. Text goes on stdin or after "--", so text that
/// starts with a dash is never read as an option.
/// </summary>
internal sealed class Keyboard
{
    /// <summary>Milliseconds wtype waits after uploading its keymap before the first key.</summary>
    private const string WtypeSettleMs = "40";

    private readonly DesktopSession _session;
    private readonly string _path;
    private readonly int _delayMs;

    private Keyboard(DesktopSession session, ExternalTool tool, string path, int delayMs)
    {
        _session = session;
        Tool = tool;
        _path = path;
        _delayMs = delayMs;
    }

    /// <summary>The tool in use.</summary>
    public ExternalTool Tool { get; }

    /// <summary>A keyboard typing with <paramref name="tool"/> at <paramref name="path"/> (chosen by <see cref="KeyboardProbe"/>).</summary>
    public static Keyboard Using(DesktopSession session, ExternalTool tool, string path, int delayMs) => new(session, tool, path, delayMs);

    /// <summary>The session's keyboard tool, or null when none is installed.</summary>
    public static Keyboard? Find(DesktopSession session, int delayMs)
    {
        var found = session.Kind switch
        {
            DesktopKind.X11 => session.FindFirst(ExternalTool.Xdotool),
            DesktopKind.Wayland => session.FindFirst(ExternalTool.Wtype, ExternalTool.Ydotool),
            _ => null,
        };
        return found is { } f ? new Keyboard(session, f.Tool, f.Path, delayMs) : null;
    }

    /// <summary>What to install when no keyboard tool is found.</summary>
    public static string MissingHint(DesktopSession session) => session.Kind == DesktopKind.Wayland
        ? "wtype or ydotool, and neither is on PATH; install one with: sudo apt-get install wtype"
        : $"xdotool: {ExternalTool.Xdotool.InstallHint}";

    /// <summary>
    /// Whether this tool types every character of <paramref name="text"/> reliably. wtype uploads a keymap holding the
    /// text's characters; ydotool maps only US-layout keys; xdotool types a character missing from the keymap by
    /// remapping a spare key code on the fly, and drops characters when the window reads the remapped key late (seen
    /// in the Xvfb tests: "año" typed as "ao") — so for both, text beyond ASCII is pasted instead.
    /// </summary>
    public bool CanType(string text) => Tool == ExternalTool.Wtype || text.All(char.IsAscii);

    /// <summary>Types <paramref name="text"/> into the focused window.</summary>
    public Task TypeAsync(string text, CancellationToken cancellationToken)
    {
        string delay = _delayMs.ToString(CultureInfo.InvariantCulture);
        // xdotool --clearmodifiers releases the keys of the shortcut that started the dictation, if still held.
        string[] arguments = Tool.Command switch
        {
            "xdotool" => ["type", "--clearmodifiers", "--delay", delay, "--", text],
            // wtype uploads a keymap holding the text's characters; a key sent at once is read by some clients (foot)
            // before that keymap and lost: the first character went missing in the Wayland tests. -s waits first.
            "wtype" => ["-s", WtypeSettleMs, "-d", delay, "-"],
            _ => ["type", "--delay", "0", "--key-delay", delay, "--file", "/dev/stdin"],
        };
        string? input = Tool == ExternalTool.Xdotool ? null : text;
        // Typing takes the per-key delay for each character, plus start-up.
        var timeout = TimeSpan.FromSeconds(10) + TimeSpan.FromMilliseconds(text.Length * (_delayMs + 10.0));
        return RunAsync(arguments, input, timeout, "type the text", cancellationToken);
    }

    /// <summary>Sends the paste shortcut (Ctrl+V) to the focused window.</summary>
    public Task PasteAsync(CancellationToken cancellationToken)
    {
        string[] arguments = Tool.Command switch
        {
            "xdotool" => ["key", "--clearmodifiers", "ctrl+v"],
            "wtype" => ["-s", WtypeSettleMs, "-M", "ctrl", "-k", "v", "-m", "ctrl"],
            _ => ["key", "--delay", "0", "ctrl+v"],
        };
        return RunAsync(arguments, null, TimeSpan.FromSeconds(10), "send the paste keystroke", cancellationToken);
    }

    private async Task RunAsync(string[] arguments, string? input, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var result = await ToolRunner.RunAsync(_path, arguments, _session, input, timeout, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new TextOutputException($"cannot {what}: {ToolRunner.Describe(Tool.Command, result)}");
        }
    }
}
