using VoiceFlow.Core.Errors;

namespace VoiceFlow.Server.Realtime;

/// <summary>What a failed transcription tells the Realtime client.</summary>
internal static class RealtimeFailures
{
    public static RealtimeProblem For(Exception exception) => exception switch
    {
        EngineBusyException busy => new RealtimeProblem(busy.Message + "; retry later", null, "server_busy"),
        AudioValidationException invalid => new RealtimeProblem(invalid.Message, null, "invalid_audio"),
        _ => new RealtimeProblem(exception.Message, null, "transcription_failed"),
    };

    /// <summary>The failures a transcription may report without ending the connection.</summary>
    public static bool IsReportable(Exception exception) => exception is VoiceFlowException;
}
