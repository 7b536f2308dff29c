using VoiceFlow.Tests.Shared;
using VoiceFlow.Desktop;

namespace VoiceFlow.Core.Tests.Delivery;

/// <summary>Real clipboard and keyboard tools against a private Xvfb display, with an xterm as the focused window.</summary>
public class DesktopDeliveryTests
{
    private const string Punctuation = "-Hello, world! It's 5:30 (ok?) [a] {b} <c> \"q\" ~`#$%^&*_+=|\\;/ done.";

    private static InjectionGuard Guard() => new(InjectionGuard.DefaultMinInterval, InjectionGuard.DefaultMaxCharacters);

    /// <summary>A PATH holding only <paramref name="command"/>, so the session must use that tool.</summary>
    private static string OnlyTool(TempFolder temp, string command, string package)
    {
        string bin = temp.Sub("bin-" + command);
        Directory.CreateDirectory(bin);
        File.CreateSymbolicLink(Path.Combine(bin, command), VirtualDisplay.Tool(command, package));
        return bin;
    }

    [Theory]
    [InlineData("xclip")]
    [InlineData("xsel")]
    public async Task The_clipboard_holds_exactly_the_delivered_text(string tool)
    {
        using var temp = new TempFolder();
        using var display = VirtualDisplay.Start();
        var output = new ClipboardTextOutput(display.Session(OnlyTool(temp, tool, tool)), Guard());
        string text = "Line one, café!\nline two\twith a tab \u001b[31mno escape";

        await output.DeliverAsync(text, TestContext.Current.CancellationToken);

        // Read back with xclip whichever tool wrote it: it is the X selection, not a tool's private copy.
        VirtualDisplay.Tool("xclip", "xclip");
        Assert.Equal("Line one, café!\nline two\twith a tab [31mno escape", display.Run("xclip", "-selection", "clipboard", "-out"));
    }

    [Fact]
    public async Task Typed_text_arrives_intact_in_the_focused_window_including_punctuation()
    {
        using var temp = new TempFolder();
        using var display = VirtualDisplay.Start();
        using var window = TerminalWindow.Open(display, temp.Sub("typed.txt"));
        var output = new TypeTextOutput(display.Session(), Guard(), TypeMethod.Type);

        await output.DeliverAsync(Punctuation, TestContext.Current.CancellationToken);
        var first = window.EndLineAndRead(1);
        await output.DeliverAsync("second dictation ", TestContext.Current.CancellationToken);
        var lines = window.EndLineAndRead(2);

        Assert.Equal([Punctuation], first);
        Assert.Equal([Punctuation, "second dictation "], lines);
    }

    [Fact]
    public async Task Text_xdotool_cannot_type_reliably_is_pasted_and_the_clipboard_is_restored()
    {
        using var temp = new TempFolder();
        using var display = VirtualDisplay.Start();
        using var window = TerminalWindow.Open(display, temp.Sub("typed.txt"));
        var session = display.Session();
        await new ClipboardTextOutput(session, Guard()).DeliverAsync("what the user had copied", TestContext.Current.CancellationToken);
        var output = new TypeTextOutput(session, Guard(), TypeMethod.Auto, restoreClipboard: true);

        await output.DeliverAsync("café über año, naïve", TestContext.Current.CancellationToken);

        Assert.Equal(["café über año, naïve"], window.EndLineAndRead(1));
        Assert.Equal("what the user had copied", display.Run("xclip", "-selection", "clipboard", "-out"));
    }

    [Fact]
    public async Task Long_text_is_typed_in_pieces_that_join_back_to_the_whole()
    {
        using var temp = new TempFolder();
        using var display = VirtualDisplay.Start();
        using var window = TerminalWindow.Open(display, temp.Sub("typed.txt"));
        var output = new TypeTextOutput(display.Session(), new InjectionGuard(TimeSpan.FromMilliseconds(100), 40), TypeMethod.Type, keyDelayMs: 1);
        string text = string.Join(' ', Enumerable.Range(1, 30).Select(i => $"word{i}"));

        await output.DeliverAsync(text, TestContext.Current.CancellationToken);

        Assert.Equal([text], window.EndLineAndRead(1));
    }
}
