using System.Text.Json;

namespace VoiceFlow.Dictation.Protocol;

/// <summary>
/// One response line. <see cref="Ok"/> false comes with <see cref="Error"/> (one clear line) and
/// <see cref="ErrorKind"/> (a wire name of <see cref="VoiceFlow.Core.Errors.VoiceFlowErrorKinds"/>, so a client can re-raise the right error type).
/// </summary>
public sealed record DictationResponse
{
    public bool Ok { get; init; }

    /// <summary>What the command did: "began", "ended", "cancelled", "idle" (cancel with nothing recording), "status", "shutting_down".</summary>
    public string? Action { get; init; }

    /// <summary>For end (and toggle that ended): the delivered text; empty when nothing was said (nothing delivered).</summary>
    public string? Text { get; init; }

    /// <summary>For end: seconds of audio transcribed (pre-roll and tail included).</summary>
    public double? AudioSeconds { get; init; }

    /// <summary>Daemon state after the command (always present on status).</summary>
    public DictationStatus? Status { get; init; }

    public string? Error { get; init; }

    public string? ErrorKind { get; init; }

    /// <summary>A successful answer.</summary>
    public static DictationResponse Success(string action, DictationStatus? status = null) => new() { Ok = true, Action = action, Status = status };

    /// <summary>A failed answer.</summary>
    public static DictationResponse Failure(string kind, string message) => new() { Ok = false, ErrorKind = kind, Error = message };

    /// <summary>The response as one line of JSON, exactly as it travels on the socket.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, DictationJsonContext.Default.DictationResponse);
}
