using VoiceFlow.Core.Delivery;

namespace VoiceFlow.Desktop;

/// <summary>How the <c>type</c> output puts text into the focused window.</summary>
public enum TypeMethod
{
    /// <summary>Type it; paste it when the keyboard tool cannot type all of its characters reliably (xdotool and ydotool: beyond ASCII).</summary>
    Auto,

    /// <summary>Always type it key by key.</summary>
    Type,

    /// <summary>Always paste it: clipboard, then Ctrl+V (fast for long text; some terminals want Ctrl+Shift+V instead).</summary>
    Paste,
}

/// <summary>
/// Puts text where the cursor is: typed by xdotool (X11), wtype or ydotool (Wayland), chosen by the session; or
/// pasted through the clipboard with a Ctrl+V keystroke, after which the previous clipboard text is put back when
/// <c>restore_clipboard</c> is on. Every injection goes through the shared <see cref="InjectionGuard"/>.
/// </summary>
public sealed class TypeTextOutput : ITextOutput
{
    /// <summary>
    /// Applications fetch the clipboard asynchronously after the paste keystroke; restoring it sooner would paste the
    /// old text. Half a second covers slow applications without keeping the user's clipboard away for long.
    /// </summary>
    private static readonly TimeSpan PasteSettle = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Where the clipboard tool says when the paste was taken (wl-copy --paste-once), the user's clipboard comes back
    /// then; an application that never reads it (focus elsewhere) gets this long.
    /// </summary>
    private static readonly TimeSpan PasteTakenLimit = TimeSpan.FromSeconds(3);

    private readonly DesktopSession _session;
    private readonly InjectionGuard _guard;
    private readonly TypeMethod _method;
    private readonly int _keyDelayMs;
    private readonly bool _restoreClipboard;
    private Keyboard? _probed;

    /// <param name="session">The desktop to type into and the PATH its tools are found on.</param>
    /// <param name="guard">Rate and length limits shared with the other outputs that touch the desktop.</param>
    /// <param name="method">Type, paste, or type with a paste fallback.</param>
    /// <param name="keyDelayMs">Delay between typed keys, in milliseconds.</param>
    /// <param name="restoreClipboard">After a paste, put back the clipboard's previous text.</param>
    public TypeTextOutput(DesktopSession session, InjectionGuard guard, TypeMethod method = TypeMethod.Auto, int keyDelayMs = 4, bool restoreClipboard = true)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentOutOfRangeException.ThrowIfNegative(keyDelayMs);
        _session = session;
        _guard = guard;
        _method = method;
        _keyDelayMs = keyDelayMs;
        _restoreClipboard = restoreClipboard;
    }

    public string Name => "type";

    /// <exception cref="TextOutputException">No display, no keyboard or clipboard tool (naming its package), or a tool failed.</exception>
    public async Task DeliverAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        _session.RequireDisplay(Name);
        // Editors take line breaks and tabs as typed keys (Return, Tab); code mode produces both.
        string clean = ControlCharacters.Strip(text, LayoutCharacters.All);
        if (clean.Trim().Length == 0)
        {
            return;
        }

        var keyboard = Volatile.Read(ref _probed) ?? Keyboard.Find(_session, _keyDelayMs)
            ?? throw new TextOutputException($"output 'type' needs {Keyboard.MissingHint(_session)}");
        bool paste = _method == TypeMethod.Paste || (_method == TypeMethod.Auto && !keyboard.CanType(clean));
        if (paste)
        {
            await PasteAsync(keyboard, clean, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _guard.InjectAsync(clean, keyboard.TypeAsync, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Finds the keyboard tool that works in this session (see <see cref="KeyboardProbe"/>) and keeps it for every
    /// delivery after; a paste needs the clipboard tools too.
    /// </summary>
    public async Task<TextOutputReadiness> CheckAsync(CancellationToken cancellationToken = default)
    {
        var (keyboard, readiness) = await KeyboardProbe.ProbeAsync(_session, _keyDelayMs, cancellationToken).ConfigureAwait(false);
        if (keyboard is null)
        {
            return readiness;
        }

        Volatile.Write(ref _probed, keyboard);
        if (_method == TypeMethod.Type)
        {
            return readiness;
        }

        try
        {
            var clipboard = Clipboard.For(_session, Name);
            return TextOutputReadiness.Ready($"{readiness.Description}; text it cannot type is pasted through {clipboard.ToolName}");
        }
        catch (TextOutputException exception)
        {
            return _method == TypeMethod.Paste
                ? TextOutputReadiness.NotReady(exception.Message)
                : TextOutputReadiness.Ready($"{readiness.Description} (no clipboard tool for pasting: {exception.Message})");
        }
    }

    private async Task PasteAsync(Keyboard keyboard, string text, CancellationToken cancellationToken)
    {
        var clipboard = Clipboard.For(_session, Name);
        string? previous = _restoreClipboard ? await clipboard.ReadAsync(cancellationToken).ConfigureAwait(false) : null;
        try
        {
            await _guard.InjectAsync(text, async (piece, ct) =>
            {
                await clipboard.WriteAsync(piece, ct).ConfigureAwait(false);
                await using var offer = await clipboard.OfferOnceAsync(piece).ConfigureAwait(false);
                await keyboard.PasteAsync(ct).ConfigureAwait(false);
                if (offer is null || !await offer.WaitTakenAsync(PasteTakenLimit, ct).ConfigureAwait(false))
                {
                    // No word from the tool (X11) or from the application: give it the usual time to fetch the text.
                    await Task.Delay(PasteSettle, ct).ConfigureAwait(false);
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (previous is not null)
            {
                // The user's clipboard comes back even when the paste failed or was cancelled.
                await clipboard.WriteAsync(previous, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }
}
