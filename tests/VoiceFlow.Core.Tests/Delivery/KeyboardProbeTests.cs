using VoiceFlow.Core.Delivery;
using VoiceFlow.Desktop;
using VoiceFlow.Tests.Shared;

namespace VoiceFlow.Core.Tests.Delivery;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
/// <summary>The readiness check tells which tool will type, or exactly what is missing, before anyone speaks.</summary>
public class KeyboardProbeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static InjectionGuard Guard() => new(InjectionGuard.DefaultMinInterval, InjectionGuard.DefaultMaxCharacters);

    /// <summary>A folder with an executable script named <paramref name="name"/> (a stand-in for a tool's answers).</summary>
    private static string Script(TempFolder temp, string name, string body)
    {
        string bin = temp.Sub("bin");
        Directory.CreateDirectory(bin);
        string path = Path.Combine(bin, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return bin;
    }

    private static DesktopSession Wayland(string path, string? desktop = null)
    {
        var environment = new Dictionary<string, string> { ["WAYLAND_DISPLAY"] = "wayland-1", ["PATH"] = path, ["YDOTOOL_SOCKET"] = "/nonexistent/ydotool.sock" };
        if (desktop is not null)
        {
            environment["XDG_CURRENT_DESKTOP"] = desktop;
        }

        return DesktopSession.FromEnvironment(environment);
    }

    [Fact]
    public async Task Without_a_graphical_session_the_type_output_is_not_ready_and_says_so()
    {
        using var temp = new TempFolder();
        var session = DesktopSession.FromEnvironment(new Dictionary<string, string> { ["PATH"] = temp.Path });

        var readiness = await ((ITextOutput)new TypeTextOutput(session, Guard())).CheckAsync(Ct);

        Assert.False(readiness.IsReady);
        Assert.Contains("needs a graphical session", readiness.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_gnome_a_refused_virtual_keyboard_leads_to_ydotool_or_the_clipboard()
    {
        using var temp = new TempFolder();
        string bin = Script(temp, "wtype", "echo 'Compositor does not support the virtual keyboard protocol' >&2; exit 1");
        KeyboardProbe.UinputDevice = temp.Sub("no-uinput");

        var readiness = await ((ITextOutput)new TypeTextOutput(Wayland(bin, "ubuntu:GNOME"), Guard())).CheckAsync(Ct);

        Assert.False(readiness.IsReady);
        Assert.Contains("compositor (GNOME) does not offer the virtual-keyboard protocol", readiness.Description, StringComparison.Ordinal);
        Assert.Contains("ydotool", readiness.Description, StringComparison.Ordinal);
        Assert.Contains("--output clipboard", readiness.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ydotool_without_its_daemon_nor_uinput_access_is_named_as_the_problem()
    {
        using var temp = new TempFolder();
        string bin = Script(temp, "ydotool", "exit 0");
        KeyboardProbe.UinputDevice = temp.Sub("no-uinput");

        var readiness = await ((ITextOutput)new TypeTextOutput(Wayland(bin), Guard())).CheckAsync(Ct);

        Assert.False(readiness.IsReady);
        Assert.Contains("ydotool finds neither ydotoold's socket (/nonexistent/ydotool.sock) nor write access to", readiness.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ydotool_with_a_writable_uinput_device_is_ready()
    {
        using var temp = new TempFolder();
        string bin = Script(temp, "ydotool", "exit 0");
        string device = temp.Sub("uinput");
        File.WriteAllText(device, "");
        KeyboardProbe.UinputDevice = device;

        var readiness = await ((ITextOutput)new TypeTextOutput(Wayland(bin), Guard(), TypeMethod.Type)).CheckAsync(Ct);

        Assert.True(readiness.IsReady, readiness.Description);
        Assert.Contains("ydotool", readiness.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_keyboard_tool_at_all_names_what_to_install()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.Sub("empty"));

        var readiness = await ((ITextOutput)new TypeTextOutput(Wayland(temp.Sub("empty")), Guard())).CheckAsync(Ct);

        Assert.False(readiness.IsReady);
        Assert.Contains("sudo apt-get install wtype", readiness.Description, StringComparison.Ordinal);
    }
}
