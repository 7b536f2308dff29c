using VoiceFlow.Tests.Shared;
using VoiceFlow.Core.Delivery;
using VoiceFlow.Desktop;

namespace VoiceFlow.Core.Tests.Delivery;

/// <summary>Without a display or a tool, delivery fails with one line saying what to install.</summary>
public class MissingToolTests
{
    private static readonly InjectionGuard Guard = new(TimeSpan.Zero, 4000);

    private static DesktopSession Session(TempFolder emptyPath, params (string Name, string Value)[] variables)
    {
        var environment = variables.ToDictionary(v => v.Name, v => v.Value);
        environment["PATH"] = emptyPath.Path;
        return DesktopSession.FromEnvironment(environment);
    }

    [Theory]
    [InlineData("DISPLAY", ":42", "sudo apt-get install xdotool")]
    [InlineData("WAYLAND_DISPLAY", "wayland-9", "sudo apt-get install wtype")]
    public async Task Typing_without_a_keyboard_tool_names_the_package(string variable, string value, string expected)
    {
        using var empty = new TempFolder();
        var output = new TypeTextOutput(Session(empty, (variable, value)), Guard);

        var error = await Assert.ThrowsAsync<TextOutputException>(() => output.DeliverAsync("hello", TestContext.Current.CancellationToken));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DISPLAY", ":42", "sudo apt-get install xclip")]
    [InlineData("WAYLAND_DISPLAY", "wayland-9", "sudo apt-get install wl-clipboard")]
    public async Task The_clipboard_without_its_tool_names_the_package(string variable, string value, string expected)
    {
        using var empty = new TempFolder();
        var output = new ClipboardTextOutput(Session(empty, (variable, value)), Guard);

        var error = await Assert.ThrowsAsync<TextOutputException>(() => output.DeliverAsync("hello", TestContext.Current.CancellationToken));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_display_is_a_clear_error_for_typing_and_the_clipboard()
    {
        using var empty = new TempFolder();
        var session = Session(empty);

        var typing = await Assert.ThrowsAsync<TextOutputException>(() => new TypeTextOutput(session, Guard).DeliverAsync("x", TestContext.Current.CancellationToken));
        var clipboard = await Assert.ThrowsAsync<TextOutputException>(() => new ClipboardTextOutput(session, Guard).DeliverAsync("x", TestContext.Current.CancellationToken));

        Assert.Contains("neither WAYLAND_DISPLAY nor DISPLAY is set", typing.Message, StringComparison.Ordinal);
        Assert.Contains("neither WAYLAND_DISPLAY nor DISPLAY is set", clipboard.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, ":0", null, DesktopKind.X11)]
    [InlineData(null, null, "wayland-0", DesktopKind.Wayland)]
    [InlineData(null, ":0", "wayland-0", DesktopKind.Wayland)]
    [InlineData("x11", ":0", "wayland-0", DesktopKind.X11)]
    [InlineData("wayland", ":0", null, DesktopKind.X11)]
    [InlineData("tty", null, null, DesktopKind.None)]
    public void The_session_kind_follows_what_the_environment_offers(string? sessionType, string? display, string? wayland, DesktopKind expected)
    {
        var environment = new Dictionary<string, string>();
        if (sessionType is not null)
        {
            environment["XDG_SESSION_TYPE"] = sessionType;
        }

        if (display is not null)
        {
            environment["DISPLAY"] = display;
        }

        if (wayland is not null)
        {
            environment["WAYLAND_DISPLAY"] = wayland;
        }

        Assert.Equal(expected, DesktopSession.FromEnvironment(environment).Kind);
    }
}
