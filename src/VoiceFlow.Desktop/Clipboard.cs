using VoiceFlow.Core.Delivery;

namespace VoiceFlow.Desktop;

/// <summary>
/// The desktop clipboard through its command-line tools: wl-copy/wl-paste on Wayland, xclip (else xsel) on X11.
/// Writes are verified by reading back, because the X11 tools fork and take the selection after the command has
/// already returned — a paste keystroke sent before that would paste the old content.
/// </summary>
internal sealed class Clipboard
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(2);

    private readonly DesktopSession _session;
    private readonly ExternalTool _tool;
    private readonly string _write;
    private readonly string _read;

    private Clipboard(DesktopSession session, ExternalTool tool, string write, string read)
    {
        _session = session;
        _tool = tool;
        _write = write;
        _read = read;
    }

    /// <summary>The tool in use ("xclip", "xsel", "wl-copy").</summary>
    public string ToolName => _tool.Command;

    /// <summary>The session's clipboard tools.</summary>
    /// <exception cref="TextOutputException">No display, or no clipboard tool installed (naming the package).</exception>
    public static Clipboard For(DesktopSession session, string output)
    {
        session.RequireDisplay(output);
        if (session.Kind == DesktopKind.Wayland)
        {
            string copy = ExternalTool.WlCopy.Locate(session.SearchPath)
                ?? throw new TextOutputException($"output '{output}' on Wayland needs wl-copy: {ExternalTool.WlCopy.InstallHint}");
            string paste = ExternalTool.WlPaste.Locate(session.SearchPath)
                ?? throw new TextOutputException($"output '{output}' on Wayland needs wl-paste: {ExternalTool.WlPaste.InstallHint}");
            return new Clipboard(session, ExternalTool.WlCopy, copy, paste);
        }

        var found = session.FindFirst(ExternalTool.Xclip, ExternalTool.Xsel)
            ?? throw new TextOutputException(
                $"output '{output}' on X11 needs xclip or xsel, and neither is on PATH; install one with: sudo apt-get install xclip");
        return new Clipboard(session, found.Tool, found.Path, found.Path);
    }

    /// <summary>
    /// Offers <paramref name="text"/> for exactly one paste when the tool can tell when it was taken (wl-copy), else
    /// null. Call after <see cref="WriteAsync"/> has put the same text on the clipboard: a paste that comes before the
    /// offer takes the selection still gets the right text.
    /// </summary>
    public async Task<PasteOffer?> OfferOnceAsync(string text) =>
        _tool == ExternalTool.WlCopy ? await PasteOffer.StartAsync(_write, _session, text).ConfigureAwait(false) : null;

    /// <summary>
    /// Null when the tool reaches the session's clipboard (an empty clipboard is fine), else the tool's own reason
    /// ("Can't open display", "Failed to connect to a Wayland server").
    /// </summary>
    public async Task<string?> CanReachAsync(CancellationToken cancellationToken)
    {
        var result = await ToolRunner.RunAsync(_read, ReadArguments(), _session, input: null, ToolTimeout, cancellationToken).ConfigureAwait(false);
        string reason = result.FirstErrorLine;
        bool unreachable = result.ExitCode != 0
            && (reason.Contains("display", StringComparison.OrdinalIgnoreCase) || reason.Contains("connect", StringComparison.OrdinalIgnoreCase));
        return unreachable ? $"{_tool.Command} cannot reach the session's clipboard: {reason}" : null;
    }

    /// <summary>The clipboard's text, or null when it holds none (empty, or only non-text such as an image).</summary>
    public async Task<string?> ReadAsync(CancellationToken cancellationToken)
    {
        var result = await ToolRunner.RunAsync(_read, ReadArguments(), _session, input: null, ToolTimeout, cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0 ? result.Output : null;
    }

    /// <summary>Puts <paramref name="text"/> on the clipboard and returns once the clipboard serves it.</summary>
    /// <exception cref="TextOutputException">The tool failed, or the clipboard did not take the text in time.</exception>
    public async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        var result = await ToolRunner.RunAsync(_write, WriteArguments(), _session, text, ToolTimeout, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new TextOutputException($"cannot set the clipboard: {ToolRunner.Describe(_tool.Command, result)}");
        }

        var deadline = DateTime.UtcNow + SettleTimeout;
        while (!string.Equals(await ReadAsync(cancellationToken).ConfigureAwait(false), text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TextOutputException($"cannot set the clipboard: {_tool.Command} ran, but the clipboard did not hold the text within {SettleTimeout.TotalSeconds:0} s");
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    private string[] ReadArguments() => _tool.Command switch
    {
        "xclip" => ["-selection", "clipboard", "-out"],
        "xsel" => ["--clipboard", "--output"],
        _ => ["--no-newline"],
    };

    private string[] WriteArguments() => _tool.Command switch
    {
        "xclip" => ["-selection", "clipboard", "-in"],
        "xsel" => ["--clipboard", "--input"],
        _ => [],
    };
}
