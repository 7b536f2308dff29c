namespace VoiceFlow.Core.Errors;

/// <summary>
/// The one table from an error's kind to what each surface says about it: the CLI's exit code (documented in the
/// README), the HTTP status the server answers with, and the name the dictation socket sends.
/// </summary>
public static class VoiceFlowErrorKinds
{
    private static readonly (VoiceFlowErrorKind Kind, int ExitCode, int HttpStatus, string WireName)[] Table =
    [
        (VoiceFlowErrorKind.General, 1, 500, "internal"),
        (VoiceFlowErrorKind.Configuration, 3, 400, "config"),
        (VoiceFlowErrorKind.Audio, 4, 400, "audio"),
        (VoiceFlowErrorKind.AudioTooLong, 4, 400, "audio-too-long"),
        (VoiceFlowErrorKind.Engine, 5, 500, "engine"),
        (VoiceFlowErrorKind.Busy, 6, 429, "busy"),
        (VoiceFlowErrorKind.Capture, 7, 500, "capture"),
        (VoiceFlowErrorKind.Output, 8, 500, "output"),
        (VoiceFlowErrorKind.History, 9, 500, "history"),
        (VoiceFlowErrorKind.DaemonNotRunning, 10, 503, "not-running"),
        (VoiceFlowErrorKind.Dictation, 11, 400, "protocol"),
        (VoiceFlowErrorKind.DictationState, 11, 409, "state"),
        (VoiceFlowErrorKind.Refused, 11, 403, "refused"),
        (VoiceFlowErrorKind.Cancelled, 130, 499, "cancelled"),
    ];

    /// <summary>The kind of any exception: a <see cref="VoiceFlowException"/>'s own, cancellation, else general.</summary>
    public static VoiceFlowErrorKind Of(Exception exception) => exception switch
    {
        VoiceFlowException voiceFlow => voiceFlow.Kind,
        OperationCanceledException => VoiceFlowErrorKind.Cancelled,
        _ => VoiceFlowErrorKind.General,
    };

    /// <summary>The CLI's exit code for <paramref name="kind"/>.</summary>
    public static int ExitCode(VoiceFlowErrorKind kind) => Row(kind).ExitCode;

    /// <summary>The HTTP status the server answers <paramref name="kind"/> with.</summary>
    public static int HttpStatus(VoiceFlowErrorKind kind) => Row(kind).HttpStatus;

    /// <summary>The name the dictation socket sends for <paramref name="kind"/>.</summary>
    public static string WireName(VoiceFlowErrorKind kind) => Row(kind).WireName;

    /// <summary>The kind a wire name stands for; <see cref="VoiceFlowErrorKind.General"/> for an unknown or missing one.</summary>
    public static VoiceFlowErrorKind FromWireName(string? name)
    {
        foreach (var row in Table)
        {
            if (string.Equals(row.WireName, name, StringComparison.Ordinal))
            {
                return row.Kind;
            }
        }

        return VoiceFlowErrorKind.General;
    }

    private static (VoiceFlowErrorKind Kind, int ExitCode, int HttpStatus, string WireName) Row(VoiceFlowErrorKind kind)
    {
        foreach (var row in Table)
        {
            if (row.Kind == kind)
            {
                return row;
            }
        }

        return Table[0];
    }
}
