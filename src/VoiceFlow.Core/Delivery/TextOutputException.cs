using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Delivery;

/// <summary>Text that could not be delivered: a missing tool (named with its Debian package), no display, a failed write.</summary>
public class TextOutputException : VoiceFlowException
{
    /// <inheritdoc/>
    public override VoiceFlowErrorKind Kind => VoiceFlowErrorKind.Output;

    public TextOutputException(string message) : base(message) { }

    public TextOutputException(string message, Exception? innerException) : base(message, innerException) { }

    public TextOutputException() { }
}
