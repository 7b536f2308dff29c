namespace VoiceFlow.Dictation.Protocol;

/// <summary>The command names a <see cref="DictationRequest"/> carries.</summary>
public static class DictationCommands
{
    /// <summary>Start recording (the last pre_roll_seconds included).</summary>
    public const string Begin = "begin";

    /// <summary>Stop after the tail, transcribe, deliver; answers with the delivered text.</summary>
    public const string End = "end";

    /// <summary>Begin when idle, End when recording.</summary>
    public const string Toggle = "toggle";

    /// <summary>Discard the recording in progress.</summary>
    public const string Cancel = "cancel";

    /// <summary>State, engine, capture health, last error.</summary>
    public const string Status = "status";

    /// <summary>Finish the dictation in flight, then exit.</summary>
    public const string Shutdown = "shutdown";

    /// <summary>Every command, in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Begin, End, Toggle, Cancel, Status, Shutdown];
}
