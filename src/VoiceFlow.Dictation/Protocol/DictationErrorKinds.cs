namespace VoiceFlow.Dictation.Protocol;

/// <summary>The <see cref="DictationResponse.ErrorKind"/> values: which error type the client raises.</summary>
public static class DictationErrorKinds
{
    /// <summary>The command does not fit the state (end while idle, begin while recording).</summary>
    public const string State = "state";

    /// <summary>The recording was cancelled before it was transcribed.</summary>
    public const string Cancelled = "cancelled";

    public const string Capture = "capture";

    public const string Output = "output";

    public const string History = "history";

    public const string Engine = "engine";

    public const string Busy = "busy";

    public const string Audio = "audio";

    public const string Configuration = "config";

    /// <summary>A malformed or unknown request.</summary>
    public const string Protocol = "protocol";

    /// <summary>The peer is another user.</summary>
    public const string Refused = "refused";

    /// <summary>The daemon is stopping and takes no new dictation.</summary>
    public const string Stopping = "stopping";

    public const string Internal = "internal";
}
