using VoiceFlow.Core.Errors;

namespace VoiceFlow.Dictation;

/// <summary>A dictation command that cannot be carried out: wrong state, a refused connection, a broken reply, no runtime directory.</summary>
public class DictationException : VoiceFlowException
{
    /// <inheritdoc/>
    public override VoiceFlowErrorKind Kind => VoiceFlowErrorKind.Dictation;

    public DictationException(string message) : base(message) { }

    public DictationException(string message, Exception? innerException) : base(message, innerException) { }

    public DictationException() { }
}

/// <summary>No dictation daemon answers on the socket: the user has to start <c>voiceflow dictate daemon</c>.</summary>
public class DaemonNotRunningException : DictationException
{
    /// <inheritdoc/>
    public override VoiceFlowErrorKind Kind => VoiceFlowErrorKind.DaemonNotRunning;

    public DaemonNotRunningException(string message) : base(message) { }

    public DaemonNotRunningException(string message, Exception? innerException) : base(message, innerException) { }

    public DaemonNotRunningException() { }
}

/// <summary>A second daemon was started while one already answers on the socket.</summary>
public class DaemonAlreadyRunningException : DictationException
{
    public DaemonAlreadyRunningException(string message) : base(message) { }

    public DaemonAlreadyRunningException(string message, Exception? innerException) : base(message, innerException) { }

    public DaemonAlreadyRunningException() { }
}

/// <summary>A command that does not fit the daemon's state: end while idle, begin while recording, a cancelled recording.</summary>
public class DictationStateException : DictationException
{
    /// <inheritdoc/>
    public override VoiceFlowErrorKind Kind => VoiceFlowErrorKind.DictationState;

    public DictationStateException(string message) : base(message) { }

    public DictationStateException(string message, Exception? innerException) : base(message, innerException) { }

    public DictationStateException() { }
}
