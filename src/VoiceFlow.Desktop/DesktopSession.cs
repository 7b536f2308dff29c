using VoiceFlow.Core.Delivery;

namespace VoiceFlow.Desktop;

/// <summary>Which kind of graphical session the text goes to.</summary>
public enum DesktopKind
{
    /// <summary>No display: typing and the clipboard are unavailable.</summary>
    None,

    /// <summary>An X11 session (DISPLAY).</summary>
    X11,

    /// <summary>A Wayland session (WAYLAND_DISPLAY).</summary>
    Wayland,
}

/// <summary>
/// The graphical session as the environment describes it, and the environment the delivery tools run with
/// (DISPLAY, WAYLAND_DISPLAY, XDG_RUNTIME_DIR, PATH). Tools are looked up on this PATH, not the process's, so a
/// caller (a test, a daemon serving another session) can point delivery at a different display.
/// </summary>
public sealed record DesktopSession
{
    /// <summary>The session kind chosen from the variables.</summary>
    public required DesktopKind Kind { get; init; }

    /// <summary>The variables passed to every tool (they override the process's).</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    /// <summary>The desktop environment (XDG_CURRENT_DESKTOP, e.g. "GNOME", "KDE", "sway"), or null.</summary>
    public string? CurrentDesktop => Environment.GetValueOrDefault("XDG_CURRENT_DESKTOP") is { Length: > 0 } desktop ? desktop : null;

    /// <summary>Whether this is a GNOME session, whose compositor offers no virtual-keyboard protocol to wtype.</summary>
    public bool IsGnome => CurrentDesktop?.Split(':').Any(part => part.Equals("GNOME", StringComparison.OrdinalIgnoreCase)) == true;

    /// <summary>PATH the tools are searched on.</summary>
    public string? SearchPath => Environment.GetValueOrDefault("PATH");

    /// <summary>The process's own session.</summary>
    public static DesktopSession Current() => FromEnvironment(VoiceFlow.Core.Configuration.ConfigurationRequest.ProcessEnvironment());

    /// <summary>
    /// Chooses the session kind: XDG_SESSION_TYPE decides when the display it names is set; otherwise Wayland when
    /// WAYLAND_DISPLAY is set (native Wayland windows ignore X11 tools even when XWayland provides a DISPLAY), else X11
    /// when DISPLAY is set, else none.
    /// </summary>
    public static DesktopSession FromEnvironment(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        bool wayland = !string.IsNullOrEmpty(environment.GetValueOrDefault("WAYLAND_DISPLAY"));
        bool x11 = !string.IsNullOrEmpty(environment.GetValueOrDefault("DISPLAY"));
        string? type = environment.GetValueOrDefault("XDG_SESSION_TYPE");
        var kind = (type, wayland, x11) switch
        {
            ("x11", _, true) => DesktopKind.X11,
            ("wayland", true, _) => DesktopKind.Wayland,
            (_, true, _) => DesktopKind.Wayland,
            (_, false, true) => DesktopKind.X11,
            _ => DesktopKind.None,
        };
        var passed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in (string[])["DISPLAY", "WAYLAND_DISPLAY", "XDG_RUNTIME_DIR", "XAUTHORITY", "PATH", "HOME", "YDOTOOL_SOCKET", "XDG_CURRENT_DESKTOP"])
        {
            if (environment.TryGetValue(name, out string? value))
            {
                passed[name] = value;
            }
        }

        // The tools read the text as UTF-8 only in a UTF-8 locale: without one, wtype drops every character beyond
        // ASCII from its input and refuses such arguments. C.UTF-8 is always there on Debian.
        passed["LC_ALL"] = "C.UTF-8";

        return new DesktopSession { Kind = kind, Environment = passed };
    }

    /// <summary>Throws the "no display" error for <paramref name="output"/> when there is no graphical session.</summary>
    /// <exception cref="TextOutputException">Neither WAYLAND_DISPLAY nor DISPLAY is set.</exception>
    public void RequireDisplay(string output)
    {
        if (Kind == DesktopKind.None)
        {
            throw new TextOutputException(NoDisplayMessage(output));
        }
    }

    /// <summary>The "no graphical session" error for <paramref name="output"/>.</summary>
    public static string NoDisplayMessage(string output) =>
        $"output '{output}' needs a graphical session, but neither WAYLAND_DISPLAY nor DISPLAY is set; use --output stdout or file, or run it inside your desktop session";

    /// <summary>The first of <paramref name="tools"/> found on PATH, with its path; null when none is installed.</summary>
    public (ExternalTool Tool, string Path)? FindFirst(params ReadOnlySpan<ExternalTool> tools)
    {
        foreach (var tool in tools)
        {
            if (tool.Locate(SearchPath) is { } path)
            {
                return (tool, path);
            }
        }

        return null;
    }
}
