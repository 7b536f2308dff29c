using VoiceFlow.Core.Delivery;

namespace VoiceFlow.Desktop;

/// <summary>
/// Puts each dictation on the clipboard (wl-copy on Wayland, xclip or xsel on X11) for the user to paste; it stays
/// there, so restore_clipboard does not apply (it applies to typing through a paste, see <see cref="TypeTextOutput"/>).
/// </summary>
public sealed class ClipboardTextOutput : ITextOutput
{
    private readonly DesktopSession _session;
    private readonly InjectionGuard _guard;

    /// <param name="session">The desktop to use and the PATH its tools are found on.</param>
    /// <param name="guard">Rate limit shared with the other outputs that touch the desktop.</param>
    public ClipboardTextOutput(DesktopSession session, InjectionGuard guard)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(guard);
        _session = session;
        _guard = guard;
    }

    public string Name => "clipboard";

    /// <summary>Checks that the session has a display and a clipboard tool that can reach it.</summary>
    public async Task<TextOutputReadiness> CheckAsync(CancellationToken cancellationToken = default)
    {
        Clipboard clipboard;
        try
        {
            clipboard = Clipboard.For(_session, Name);
        }
        catch (TextOutputException exception)
        {
            return TextOutputReadiness.NotReady(exception.Message);
        }

        return await clipboard.CanReachAsync(cancellationToken).ConfigureAwait(false) is { } problem
            ? TextOutputReadiness.NotReady($"output 'clipboard': {problem}")
            : TextOutputReadiness.Ready($"the clipboard through {clipboard.ToolName}");
    }

    /// <exception cref="TextOutputException">No display, no clipboard tool (naming its package), or the tool failed.</exception>
    public async Task DeliverAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Tools are looked up per delivery, so one installed while a daemon runs is used without a restart.
        var clipboard = Clipboard.For(_session, Name);
        string clean = ControlCharacters.Strip(text, LayoutCharacters.All);
        if (clean.Trim().Length == 0)
        {
            return;
        }

        // The clipboard holds the whole text: one injection whatever its length (not split), rate-limited.
        await _guard.TakeTurnAsync(ct => clipboard.WriteAsync(clean, ct), cancellationToken).ConfigureAwait(false);
    }
}
