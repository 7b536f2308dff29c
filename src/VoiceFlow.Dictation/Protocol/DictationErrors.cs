using VoiceFlow.Core.Capture;
using VoiceFlow.Core.Delivery;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.History;

namespace VoiceFlow.Dictation.Protocol;

/// <summary>
/// Carries errors across the socket: the daemon names an exception's kind, the client raises the same
/// type again, so the CLI's exit codes (7 capture, 8 output, 9 history...) hold for <c>dictate end</c> too.
/// </summary>
internal static class DictationErrors
{
    public static string KindOf(Exception exception) => exception switch
    {
        OperationCanceledException => DictationErrorKinds.Cancelled,
        AudioCaptureException => DictationErrorKinds.Capture,
        TextOutputException => DictationErrorKinds.Output,
        HistoryException => DictationErrorKinds.History,
        EngineBusyException => DictationErrorKinds.Busy,
        EngineException => DictationErrorKinds.Engine,
        AudioFormatException or AudioValidationException => DictationErrorKinds.Audio,
        ConfigurationException => DictationErrorKinds.Configuration,
        DictationStateException => DictationErrorKinds.State,
        DictationException => DictationErrorKinds.Protocol,
        _ => DictationErrorKinds.Internal,
    };

    public static VoiceFlowException ToException(string? kind, string? message)
    {
        string text = string.IsNullOrWhiteSpace(message) ? "the dictation daemon reported an error without a message" : message;
        return kind switch
        {
            DictationErrorKinds.Capture => new AudioCaptureException(text),
            DictationErrorKinds.Output => new TextOutputException(text),
            DictationErrorKinds.History => new HistoryException(text),
            DictationErrorKinds.Busy => new EngineBusyException(text),
            DictationErrorKinds.Engine => new EngineException(text),
            DictationErrorKinds.Audio => new AudioValidationException(text),
            DictationErrorKinds.Configuration => new ConfigurationException(text),
            DictationErrorKinds.State or DictationErrorKinds.Cancelled or DictationErrorKinds.Stopping => new DictationStateException(text),
            _ => new DictationException(text),
        };
    }
}
