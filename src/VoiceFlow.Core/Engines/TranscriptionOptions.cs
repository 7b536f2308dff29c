namespace VoiceFlow.Core.Engines;

/// <summary>
/// Per-job options. Every engine reads the ones it understands and ignores the rest
/// (it must not fail on an option it has no use for, but must reject an invalid value of one it uses).
/// </summary>
public sealed record TranscriptionOptions
{
    /// <summary>Spoken language as an ISO 639-1 code ("en"), or "auto" to detect it where the engine can.</summary>
    public string Language { get; init; } = "en";

    /// <summary>Text that conditions the recogniser (Whisper initial prompt). Null for none.</summary>
    public string? Prompt { get; init; }

    /// <summary>Worker threads for one job; 0 picks a default from the machine.</summary>
    public int Threads { get; init; }

    /// <summary>Beam width; 1 or less means greedy decoding.</summary>
    public int BeamSize { get; init; } = 5;

    /// <summary>Candidates sampled per temperature step when not greedy.</summary>
    public int BestOf { get; init; } = 5;

    /// <summary>Starting sampling temperature.</summary>
    public float Temperature { get; init; }

    /// <summary>Whether to retry at higher temperatures when a decode looks degenerate.</summary>
    public bool TemperatureFallback { get; init; } = true;

    /// <summary>
    /// Feed each window's decoded text to the next window as its prompt (configuration: condition_on_previous_text).
    /// Off by default: hallucinations grew with it over long sessions.
    /// </summary>
    public bool ConditionOnPreviousText { get; init; }

    /// <summary>Whether segments carry timestamps (false = one untimed segment per window).</summary>
    public bool Timestamps { get; init; } = true;

    /// <summary>Whether tokens/words carry their own times where the engine can compute them.</summary>
    public bool TokenTimestamps { get; init; }

    /// <summary>
    /// Whether words carry times aligned to the audio (configuration: word_timestamps). Whisper aligns them by
    /// cross-attention dynamic time warping (one extra decoder pass per window); PocketSphinx always has word times.
    /// </summary>
    public bool WordTimestamps { get; init; }

    /// <summary>
    /// Whisper's alignment heads for <see cref="WordTimestamps"/> (configuration: alignment_heads): "auto", "top-half",
    /// a model preset ("tiny.en" … "large-v3-turbo") or layer:head pairs ("2:4,3:3").
    /// </summary>
    public string AlignmentHeads { get; init; } = "auto";

    /// <summary>Translate to English instead of transcribing (multilingual Whisper models only).</summary>
    public bool Translate { get; init; }
}
