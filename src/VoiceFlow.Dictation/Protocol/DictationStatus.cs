namespace VoiceFlow.Dictation.Protocol;

/// <summary>What <c>status</c> reports.</summary>
public sealed record DictationStatus
{
    /// <summary>"idle", "recording", "tail" (recording the last words after end), "stopping".</summary>
    public required string State { get; init; }

    /// <summary>The daemon's process id.</summary>
    public int Pid { get; init; }

    public required string Engine { get; init; }

    public required string Model { get; init; }

    /// <summary>Whether the model is in memory (false after model_idle_unload_seconds without a dictation).</summary>
    public bool ModelLoaded { get; init; } = true;

    /// <summary>Where text goes ("stdout", "clipboard", "type", "file").</summary>
    public required string Output { get; init; }

    /// <summary>How the output delivers, found by its check at start (e.g. "typing with xdotool into the X11 display :0").</summary>
    public string? OutputMethod { get; init; }

    /// <summary>Seconds in the current recording (0 when idle).</summary>
    public double RecordedSeconds { get; init; }

    /// <summary>Recordings being transcribed or waiting for it (0 or 1 normally).</summary>
    public int Transcribing { get; init; }

    /// <summary>The capture source (device name), as the sound server names it; "default" for its default source.</summary>
    public required string CaptureSource { get; init; }

    /// <summary>True while capture blocks arrive; false while the server or source is gone (the daemon keeps retrying).</summary>
    public bool CaptureHealthy { get; init; }

    /// <summary>Recordings on disk not yet in history (crash recovery).</summary>
    public int PendingRecordings { get; init; }

    /// <summary>Dictations finished since the daemon started.</summary>
    public long Completed { get; init; }

    /// <summary>The last error (capture, transcription, delivery or history), or null.</summary>
    public string? LastError { get; init; }
}
