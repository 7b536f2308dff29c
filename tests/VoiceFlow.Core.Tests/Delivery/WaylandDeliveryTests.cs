using VoiceFlow.Core.Delivery;
using VoiceFlow.Desktop;
using VoiceFlow.Tests.Shared;

namespace VoiceFlow.Core.Tests.Delivery;

/// <summary>wtype and wl-clipboard against a real headless wlroots compositor (sway), with foot as the focused window.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class WaylandDeliveryTests
{
    private const string Punctuation = "-Hello, world! It's 5:30 (ok?) [a] {b} <c> \"q\" ~`#$%^&*_+=|\\;/ done.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static InjectionGuard Guard() => new(InjectionGuard.DefaultMinInterval, InjectionGuard.DefaultMaxCharacters);

    [Fact]
    public async Task Typed_text_arrives_intact_including_punctuation_and_a_leading_dash()
    {
        using var temp = new TempFolder();
        using var compositor = WaylandCompositor.Start();
        using var window = FootWindow.Open(compositor, temp.Sub("typed.txt"));
        var output = new TypeTextOutput(compositor.Session(), Guard(), TypeMethod.Type);

        await output.DeliverAsync(Punctuation, Ct);
        var first = window.EndLineAndRead(1);
        await output.DeliverAsync("second dictation", Ct);

        Assert.Equal([Punctuation], first);
        Assert.Equal([Punctuation, "second dictation"], window.EndLineAndRead(2));
    }

    [Fact]
    public async Task Text_beyond_ascii_is_typed_by_wtype_with_its_own_keymap()
    {
        using var temp = new TempFolder();
        using var compositor = WaylandCompositor.Start();
        using var window = FootWindow.Open(compositor, temp.Sub("typed.txt"));
        var output = new TypeTextOutput(compositor.Session(), Guard(), TypeMethod.Auto);

        await output.DeliverAsync("café über año, naïve — ok", Ct);

        Assert.Equal(["café über año, naïve — ok"], window.EndLineAndRead(1));
    }

    [Fact]
    public async Task Pasted_text_arrives_and_the_clipboard_comes_back_after_the_paste_was_taken()
    {
        using var temp = new TempFolder();
        using var compositor = WaylandCompositor.Start();
        using var window = FootWindow.Open(compositor, temp.Sub("typed.txt"));
        var session = compositor.Session();
        await new ClipboardTextOutput(session, Guard()).DeliverAsync("what the user had copied", Ct);
        var output = new TypeTextOutput(session, Guard(), TypeMethod.Paste, restoreClipboard: true);

        await output.DeliverAsync("pasted: café über año", Ct);

        Assert.Equal(["pasted: café über año"], window.EndLineAndRead(1));
        Assert.Equal("what the user had copied", compositor.Run("wl-paste", "--no-newline"));
    }

    [Fact]
    public async Task Long_text_is_typed_in_pieces_that_join_back_to_the_whole()
    {
        using var temp = new TempFolder();
        using var compositor = WaylandCompositor.Start();
        using var window = FootWindow.Open(compositor, temp.Sub("typed.txt"));
        var output = new TypeTextOutput(compositor.Session(), new InjectionGuard(TimeSpan.FromMilliseconds(100), 40), TypeMethod.Type, keyDelayMs: 1);
        string text = string.Join(' ', Enumerable.Range(1, 30).Select(i => $"word{i}"));

        await output.DeliverAsync(text, Ct);

        Assert.Equal([text], window.EndLineAndRead(1));
    }

    [Fact]
    public async Task The_clipboard_output_holds_exactly_the_delivered_text()
    {
        using var compositor = WaylandCompositor.Start();
        VirtualDisplay.Tool("wl-copy", "wl-clipboard");
        var output = new ClipboardTextOutput(compositor.Session(), Guard());

        await output.DeliverAsync("Line one, café!\nline two\twith a tab \u001b[31mno escape", Ct);

        Assert.Equal("Line one, café!\nline two\twith a tab [31mno escape", compositor.Run("wl-paste", "--no-newline"));
    }

    [Fact]
    public async Task The_check_names_wtype_and_the_clipboard_tool_on_a_wlroots_compositor()
    {
        using var compositor = WaylandCompositor.Start();
        VirtualDisplay.Tool("wtype", "wtype");
        ITextOutput type = new TypeTextOutput(compositor.Session(), Guard());
        ITextOutput clipboard = new ClipboardTextOutput(compositor.Session(), Guard());

        var typing = await type.CheckAsync(Ct);
        var copying = await clipboard.CheckAsync(Ct);

        Assert.True(typing.IsReady, typing.Description);
        Assert.Contains("wtype", typing.Description, StringComparison.Ordinal);
        Assert.Contains("wl-copy", typing.Description, StringComparison.Ordinal);
        Assert.True(copying.IsReady, copying.Description);
    }

    [Fact]
    public async Task A_compositor_that_has_gone_is_reported_by_the_check_not_at_the_first_dictation()
    {
        string socket;
        string runtime;
        using (var compositor = WaylandCompositor.Start())
        {
            socket = compositor.Socket;
            runtime = compositor.RuntimeDirectory;
        }

        var session = DesktopSession.FromEnvironment(new Dictionary<string, string>
        {
            ["WAYLAND_DISPLAY"] = socket,
            ["XDG_RUNTIME_DIR"] = runtime,
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
        });
        VirtualDisplay.Tool("wtype", "wtype");

        var typing = await ((ITextOutput)new TypeTextOutput(session, Guard())).CheckAsync(Ct);
        var copying = await ((ITextOutput)new ClipboardTextOutput(session, Guard())).CheckAsync(Ct);

        Assert.False(typing.IsReady);
        Assert.Contains("wtype cannot reach the Wayland compositor", typing.Description, StringComparison.Ordinal);
        Assert.False(copying.IsReady);
    }
}
