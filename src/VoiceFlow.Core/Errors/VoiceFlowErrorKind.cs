namespace VoiceFlow.Core.Errors;

/// <summary>
/// What kind of failure an error is. Every <see cref="VoiceFlowException"/> has one; <see cref="VoiceFlowErrorKinds"/>
/// maps it, in one table, to the CLI's exit code, the server's HTTP status and the dictation socket's error name.
/// </summary>
public enum VoiceFlowErrorKind
{
    /// <summary>Anything else: a failure with no more specific kind (exit code 1, HTTP 500).</summary>
    General,

    /// <summary>A configuration file, variable, flag or request parameter with an invalid value.</summary>
    Configuration,

    /// <summary>Audio that cannot be read, or fails validation.</summary>
    Audio,

    /// <summary>Audio longer than a configured limit allows (its message names the setting).</summary>
    AudioTooLong,

    /// <summary>A recogniser or model that cannot be loaded or run.</summary>
    Engine,

    /// <summary>More jobs than the concurrency bound and queue allow: retry later.</summary>
    Busy,

    /// <summary>The microphone or sound server failed.</summary>
    Capture,

    /// <summary>Text could not be delivered (clipboard, typing, file).</summary>
    Output,

    /// <summary>The history database failed.</summary>
    History,

    /// <summary>No dictation daemon answers.</summary>
    DaemonNotRunning,

    /// <summary>A dictation command that cannot be carried out (a malformed request, a broken reply, a second daemon).</summary>
    Dictation,

    /// <summary>A dictation command that does not fit the daemon's state (end while idle, a cancelled recording, stopping).</summary>
    DictationState,

    /// <summary>A dictation client of another user, refused.</summary>
    Refused,

    /// <summary>The operation was cancelled (Ctrl+C, a client that went away).</summary>
    Cancelled,
}
