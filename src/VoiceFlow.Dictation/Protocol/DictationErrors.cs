using VoiceFlow.Core.Capture;
using VoiceFlow.Core.Delivery;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.History;

namespace VoiceFlow.Dictation.Protocol;

/// <summary>
/// Carries errors across the socket: the daemon sends an error's kind by its wire name (<see cref="VoiceFlowErrorKinds"/>),
/// the client raises the matching type again, so the CLI's exit codes hold for <c>dictate end</c> too.
/// </summary>
internal static class DictationErrors
{
    public static string KindOf(Exception exception) => VoiceFlowErrorKinds.WireName(VoiceFlowErrorKinds.Of(exception));

    public static VoiceFlowException ToException(string? kind, string? message)
    {
        string text = string.IsNullOrWhiteSpace(message) ? "the dictation daemon reported an error without a message" : message;
        return VoiceFlowErrorKinds.FromWireName(kind) switch
        {
            VoiceFlowErrorKind.Capture => new AudioCaptureException(text),
            VoiceFlowErrorKind.Output => new TextOutputException(text),
            VoiceFlowErrorKind.History => new HistoryException(text),
            VoiceFlowErrorKind.Busy => new EngineBusyException(text),
            VoiceFlowErrorKind.Engine => new EngineException(text),
            VoiceFlowErrorKind.Audio => new AudioValidationException(text),
            VoiceFlowErrorKind.AudioTooLong => new AudioTooLongException(text),
            VoiceFlowErrorKind.Configuration => new ConfigurationException(text),
            VoiceFlowErrorKind.DictationState or VoiceFlowErrorKind.Cancelled => new DictationStateException(text),
            _ => new DictationException(text),
        };
    }
}
