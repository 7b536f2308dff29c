using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.History;

/// <summary>The history database cannot be opened or written (disk full, permissions, corruption).</summary>
public class HistoryException : VoiceFlowException
{
    /// <inheritdoc/>
    public override VoiceFlowErrorKind Kind => VoiceFlowErrorKind.History;

    public HistoryException(string message) : base(message) { }

    public HistoryException(string message, Exception? innerException) : base(message, innerException) { }

    public HistoryException() { }
}
