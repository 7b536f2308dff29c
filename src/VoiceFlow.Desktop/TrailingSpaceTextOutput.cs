using VoiceFlow.Core.Delivery;

namespace VoiceFlow.Desktop;

/// <summary>
/// append_trailing_space: delivers each text with a space after it, so the next dictation typed or appended after it
/// does not run into its last word. Text that already ends in white space (or is empty) is delivered as is.
/// </summary>
public sealed class TrailingSpaceTextOutput(ITextOutput inner) : ITextOutput
{
    /// <summary>The output the spaced text goes to.</summary>
    public ITextOutput Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <inheritdoc />
    public string Name => Inner.Name;

    /// <inheritdoc />
    public Task<TextOutputReadiness> CheckAsync(CancellationToken cancellationToken = default) => Inner.CheckAsync(cancellationToken);

    /// <inheritdoc />
    public Task DeliverAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        bool spaced = text.Length == 0 || char.IsWhiteSpace(text[^1]);
        return Inner.DeliverAsync(spaced ? text : text + " ", cancellationToken);
    }
}
