using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Monitoring;
using VoiceFlow.Core.Validation;

namespace VoiceFlow.Core.Transcription;

/// <summary>The outcome of one transcription job.</summary>
public sealed record TranscriptionResult
{
    /// <summary>Unique per job within the process.</summary>
    public required long JobId { get; init; }

    /// <summary>The file path or stream name.</summary>
    public required string Source { get; init; }

    public required string Engine { get; init; }

    public required string Model { get; init; }

    /// <summary>
    /// The transcript's language: the one the engine decoded in (detected when "auto" was asked, see
    /// <see cref="DetectedLanguage"/>), else the language asked for.
    /// </summary>
    public required string Language { get; init; }

    /// <summary>Probability of the detected <see cref="Language"/>; <see cref="float.NaN"/> when it was given, not detected.</summary>
    public float LanguageProbability { get; init; } = float.NaN;

    /// <summary>Duration of the audio given (at 16 kHz, after decoding).</summary>
    public required TimeSpan AudioDuration { get; init; }

    /// <summary>Wall time from input to text.</summary>
    public required TimeSpan ProcessingTime { get; init; }

    /// <summary>Audio seconds per processing second.</summary>
    public double SpeedFactor => ProcessingTime > TimeSpan.Zero ? AudioDuration / ProcessingTime : 0;

    /// <summary>The transcript after post-processing.</summary>
    public required string Text { get; init; }

    /// <summary>The engine's text before post-processing.</summary>
    public required string RawText { get; init; }

    /// <summary>Segments with times relative to the start of the whole input, after the hallucination filter when it is on.</summary>
    public required IReadOnlyList<Segment> Segments { get; init; }

    /// <summary>Milliseconds per pipeline stage.</summary>
    public required StageTimings Stages { get; init; }

    /// <summary>Which of the seed's optimizations were on.</summary>
    public required ActiveOptimizations Optimizations { get; init; }

    /// <summary>What validation found and repaired.</summary>
    public required AudioValidationReport Validation { get; init; }

    /// <summary>Facts about the decoded source, when the job read a file or stream.</summary>
    public AudioSourceInfo? SourceInfo { get; init; }

    /// <summary>What the hallucination filter removed (empty when it is off or removed nothing).</summary>
    public IReadOnlyList<PostProcessing.FilteredText> Removed { get; init; } = [];

    /// <summary>Stretches of speech found by the VAD (sample ranges at 16 kHz); the whole input when VAD is off.</summary>
    public IReadOnlyList<(long Start, long End)> SpeechRegions { get; init; } = [];
}
