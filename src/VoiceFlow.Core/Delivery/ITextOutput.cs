namespace VoiceFlow.Core.Delivery;

/// <summary>
/// Where finished text goes: stdout, the clipboard, typed into the focused window, a file.
/// Implementations enforce their own limits (length, rate) and strip control characters.
/// </summary>
public interface ITextOutput
{
    /// <summary>The output's configuration name ("stdout", "clipboard", "type", "file").</summary>
    string Name { get; }

    /// <summary>Delivers <paramref name="text"/>; returns when it has been delivered.</summary>
    /// <exception cref="TextOutputException">A missing tool (the message names the Debian package) or a failed delivery.</exception>
    Task DeliverAsync(string text, CancellationToken cancellationToken = default);

    /// <summary>
    /// Checks, without delivering anything, that this output works in the current session and says how it will deliver
    /// (a daemon runs it at start, so a broken set-up is reported before the user speaks, not after).
    /// </summary>
    Task<TextOutputReadiness> CheckAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(TextOutputReadiness.Ready(Name));
}
