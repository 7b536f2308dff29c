namespace VoiceFlow.Dictation.Recording;

/// <summary>What a recording does when it reaches recording_cap_seconds.</summary>
public enum RecordingOverflowPolicy
{
    /// <summary>
    /// Keep recording and drop the oldest audio, so the end of what was said (usually what the
    /// user is still waiting for) is never lost. The default. The drop is reported in
    /// <see cref="DictationRecording.DroppedSamples"/>.
    /// </summary>
    KeepNewest = 0,

    /// <summary>Keep the first recording_cap_seconds and drop what follows, reported the same way.</summary>
    StopAtCap = 1,
}
