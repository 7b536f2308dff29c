namespace VoiceFlow.Dictation.Recording;

/// <summary>Where a <see cref="DictationRecorder"/> is.</summary>
public enum RecorderState
{
    /// <summary>Only the pre-roll ring is filled.</summary>
    Idle = 0,

    /// <summary>Between Begin and End.</summary>
    Recording = 1,

    /// <summary>After End, recording the tail.</summary>
    Tail = 2,
}
