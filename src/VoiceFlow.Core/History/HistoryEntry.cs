namespace VoiceFlow.Core.History;

/// <summary>One stored transcription: a dictation, a file, or a server request.</summary>
public sealed record HistoryEntry
{
    /// <summary>Assigned by the store; 0 before it is added.</summary>
    public long Id { get; init; }

    /// <summary>When the transcription finished.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>"dictation", "listen", "file" or "server".</summary>
    public required string Kind { get; init; }

    /// <summary>File name, device, or request name.</summary>
    public required string Source { get; init; }

    /// <summary>The text after post-processing.</summary>
    public required string Text { get; init; }

    /// <summary>The engine's text before post-processing.</summary>
    public required string RawText { get; init; }

    public required string Engine { get; init; }

    public required string Model { get; init; }

    public required TimeSpan AudioDuration { get; init; }

    public required TimeSpan ProcessingTime { get; init; }

    /// <summary>Audio seconds per processing second.</summary>
    public double SpeedFactor => ProcessingTime > TimeSpan.Zero ? AudioDuration / ProcessingTime : 0;

    /// <summary>The kept audio file, when keeping audio is on (off by default).</summary>
    public string? AudioPath { get; init; }

    /// <summary>The transcript's language (the detected one when "auto" was asked); null in entries from before it was kept.</summary>
    public string? Language { get; init; }

    /// <summary>Probability of the detected <see cref="Language"/>; null when the language was given, not detected.</summary>
    public double? LanguageProbability { get; init; }

    /// <summary>The entry this one transcribes again (<c>voiceflow history retranscribe</c>); null for an original.</summary>
    public long? RevisionOf { get; init; }
}
