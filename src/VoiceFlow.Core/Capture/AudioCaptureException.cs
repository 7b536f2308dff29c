using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Capture;

/// <summary>Capture that cannot start or went away (no sound server, unknown source, server stopped).</summary>
public class AudioCaptureException : VoiceFlowException
{
    /// <inheritdoc/>
    public override VoiceFlowErrorKind Kind => VoiceFlowErrorKind.Capture;

    public AudioCaptureException(string message) : base(message) { }

    public AudioCaptureException(string message, Exception? innerException) : base(message, innerException) { }

    public AudioCaptureException() { }
}
