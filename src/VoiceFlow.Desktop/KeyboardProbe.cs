using System.Net.Sockets;
using VoiceFlow.Core.Delivery;

namespace VoiceFlow.Desktop;

/// <summary>
/// Finds, before any text, the keyboard tool that really works in this session, rather than the first one installed:
/// xdotool must reach the X server; wtype must find the Wayland virtual-keyboard protocol (wlroots compositors and
/// KDE offer it, GNOME does not); ydotool needs ydotoold's socket or write access to /dev/uinput. The result says
/// which tool will type, or what to install or enable.
/// </summary>
internal static class KeyboardProbe
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Where ydotool looks for ydotoold when YDOTOOL_SOCKET is unset (ydotool 0.1.8, Debian's).</summary>
    internal const string DefaultYdotoolSocket = "/tmp/.ydotool_socket";

    /// <summary>The device ydotool writes keystrokes to when no ydotoold serves it.</summary>
    internal static string UinputDevice { get; set; } = "/dev/uinput";

    public static async Task<(Keyboard? Keyboard, TextOutputReadiness Readiness)> ProbeAsync(
        DesktopSession session, int delayMs, CancellationToken cancellationToken)
    {
        switch (session.Kind)
        {
            case DesktopKind.X11:
                return await ProbeX11Async(session, delayMs, cancellationToken).ConfigureAwait(false);
            case DesktopKind.Wayland:
                return await ProbeWaylandAsync(session, delayMs, cancellationToken).ConfigureAwait(false);
            default:
                return (null, TextOutputReadiness.NotReady(DesktopSession.NoDisplayMessage("type")));
        }
    }

    private static async Task<(Keyboard?, TextOutputReadiness)> ProbeX11Async(DesktopSession session, int delayMs, CancellationToken cancellationToken)
    {
        string display = session.Environment.GetValueOrDefault("DISPLAY") ?? "";
        if (session.FindFirst(ExternalTool.Xdotool) is not { } xdotool)
        {
            return (null, TextOutputReadiness.NotReady($"output 'type' needs {Keyboard.MissingHint(session)}"));
        }

        var result = await ToolRunner.RunAsync(xdotool.Path, ["getdisplaygeometry"], session, null, ProbeTimeout, cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0
            ? (Keyboard.Using(session, xdotool.Tool, xdotool.Path, delayMs), TextOutputReadiness.Ready($"typing with xdotool into the X11 display {display}"))
            : (null, TextOutputReadiness.NotReady($"output 'type': xdotool cannot reach the X server at DISPLAY={display}: {result.FirstErrorLine}"));
    }

    private static async Task<(Keyboard?, TextOutputReadiness)> ProbeWaylandAsync(DesktopSession session, int delayMs, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (session.FindFirst(ExternalTool.Wtype) is { } wtype)
        {
            // "-s 1" connects, binds the virtual keyboard and sleeps a millisecond: a keystroke-free test of the protocol.
            var result = await ToolRunner.RunAsync(wtype.Path, ["-s", "1"], session, null, ProbeTimeout, cancellationToken).ConfigureAwait(false);
            if (result.ExitCode == 0)
            {
                return (Keyboard.Using(session, wtype.Tool, wtype.Path, delayMs),
                    TextOutputReadiness.Ready("typing with wtype through the Wayland virtual-keyboard protocol"));
            }

            problems.Add(result.FirstErrorLine.Contains("virtual keyboard", StringComparison.OrdinalIgnoreCase)
                ? $"the compositor{(session.IsGnome ? " (GNOME)" : "")} does not offer the virtual-keyboard protocol wtype needs"
                : $"wtype cannot reach the Wayland compositor at WAYLAND_DISPLAY={session.Environment.GetValueOrDefault("WAYLAND_DISPLAY")}: {result.FirstErrorLine}");
        }

        if (session.FindFirst(ExternalTool.Ydotool) is { } ydotool)
        {
            string socket = session.Environment.GetValueOrDefault("YDOTOOL_SOCKET") is { Length: > 0 } configured ? configured : DefaultYdotoolSocket;
            if (await CanConnectAsync(socket, cancellationToken).ConfigureAwait(false))
            {
                return (Keyboard.Using(session, ydotool.Tool, ydotool.Path, delayMs),
                    TextOutputReadiness.Ready($"typing with ydotool through ydotoold (socket {socket})"));
            }

            if (CanWrite(UinputDevice))
            {
                return (Keyboard.Using(session, ydotool.Tool, ydotool.Path, delayMs),
                    TextOutputReadiness.Ready($"typing with ydotool through {UinputDevice}"));
            }

            problems.Add($"ydotool finds neither ydotoold's socket ({socket}) nor write access to {UinputDevice}");
        }

        string found = problems.Count > 0 ? string.Join("; ", problems) + ": " : "neither wtype nor ydotool is on PATH: ";
        string fix = session.IsGnome || problems.Count > 0
            ? "use ydotool (sudo apt-get install ydotool, then run ydotoold, or give your user write access to /dev/uinput through the input group), or --output clipboard"
            : "install one with: sudo apt-get install wtype (wlroots compositors such as sway, and KDE) or ydotool (any compositor)";
        return (null, TextOutputReadiness.NotReady($"output 'type' cannot type on this Wayland desktop: {found}{fix}"));
    }

    private static async Task<bool> CanConnectAsync(string socketPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(socketPath))
        {
            return false;
        }

        try
        {
            // ydotoold listens on a datagram socket (0.1.8) or a stream socket (1.x): either answering means it runs.
            foreach (var type in (SocketType[])[SocketType.Dgram, SocketType.Stream])
            {
                using var socket = new Socket(AddressFamily.Unix, type, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                    return true;
                }
                catch (SocketException)
                {
                    // Wrong socket type, refused or not ours: try the other type.
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        return false;
    }

    private static bool CanWrite(string device)
    {
        try
        {
            using var stream = new FileStream(device, FileMode.Open, FileAccess.Write);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
