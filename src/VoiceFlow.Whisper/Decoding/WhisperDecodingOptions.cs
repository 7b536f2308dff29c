namespace VoiceFlow.Whisper.Decoding;

/// <summary>How candidate token sequences are searched.</summary>
public enum WhisperSamplingStrategy
{
    /// <summary>Best token at temperature 0; <see cref="WhisperDecodingOptions.BestOf"/> samples at higher temperatures.</summary>
    Greedy,

    /// <summary>Beam search at temperature 0 (<see cref="WhisperDecodingOptions.BeamSize"/> beams); sampling as greedy above it.</summary>
    BeamSearch,
}

/// <summary>
/// Parameters of whisper.cpp's <c>whisper_full</c> that this decoder implements. Defaults are whisper.cpp's,
/// except <see cref="ConditionOnPreviousText"/> (off for dictation) and the added compression-ratio check.
/// </summary>
public sealed record WhisperDecodingOptions
{
    /// <summary>Search strategy.</summary>
    public WhisperSamplingStrategy Strategy { get; init; } = WhisperSamplingStrategy.Greedy;

    /// <summary>Beams for <see cref="WhisperSamplingStrategy.BeamSearch"/> (1..16).</summary>
    public int BeamSize { get; init; } = 5;

    /// <summary>Sampled candidates per temperature above 0 (1..16).</summary>
    public int BestOf { get; init; } = 5;

    /// <summary>First temperature (0..1).</summary>
    public float Temperature { get; init; }

    /// <summary>Step between fallback temperatures; 0 disables fallback (whisper.cpp: 0.2).</summary>
    public float TemperatureIncrement { get; init; } = 0.2f;

    /// <summary>A result of more than 32 tokens whose last-32-token entropy is below this fails (whisper.cpp: 2.4).</summary>
    public float EntropyThreshold { get; init; } = 2.4f;

    /// <summary>An average log-probability below this fails unless the window looks silent (whisper.cpp: -1).</summary>
    public float LogProbThreshold { get; init; } = -1.0f;

    /// <summary>
    /// A text whose zlib compression ratio exceeds this fails, as in OpenAI's implementation (2.4);
    /// null disables the check (whisper.cpp has none).
    /// </summary>
    public float? CompressionRatioThreshold { get; init; } = 2.4f;

    /// <summary>No-speech probability above which a low-confidence window is treated as silence (0.6).</summary>
    public float NoSpeechThreshold { get; init; } = 0.6f;

    /// <summary>Beam-search length penalty; ≤ 0 divides the log-probability sum by the length (whisper.cpp: -1).</summary>
    public float LengthPenalty { get; init; } = -1.0f;

    /// <summary>Decode without timestamp tokens: one segment per 30 s window.</summary>
    public bool NoTimestamps { get; init; }

    /// <summary>Forbid a blank or end-of-text as the first token.</summary>
    public bool SuppressBlank { get; init; } = true;

    /// <summary>Forbid the symbols OpenAI lists as non-speech ("♪", "[", "(", ...).</summary>
    public bool SuppressNonSpeechTokens { get; init; }

    /// <summary>Latest first timestamp, in seconds (1.0); 0 disables the limit.</summary>
    public float MaxInitialTimestamp { get; init; } = 1.0f;

    /// <summary>Language code ("en"), or "auto" to detect it (multilingual models).</summary>
    public string Language { get; init; } = "en";

    /// <summary>Translate into English (multilingual models).</summary>
    public bool Translate { get; init; }

    /// <summary>Initial prompt text, or null.</summary>
    public string? InitialPrompt { get; init; }

    /// <summary>
    /// Condition each window on the text decoded before it (whisper.cpp always does within one call). When off,
    /// every window is conditioned on the initial prompt only.
    /// </summary>
    public bool ConditionOnPreviousText { get; init; }

    /// <summary>Most previous-text tokens used as a prompt (whisper.cpp's n_max_text_ctx, 16384).</summary>
    public int MaxPromptTokens { get; init; } = 16384;

    /// <summary>
    /// whisper.cpp's max_tokens: a window's decoding ends once its step index reaches this (0 = only the model
    /// limit of n_text_ctx/2 - 4 sampled tokens).
    /// </summary>
    public int MaxTokensPerWindow { get; init; }

    /// <summary>Compute per-token times with whisper.cpp's timestamp-probability heuristic.</summary>
    public bool TokenTimestamps { get; init; }

    /// <summary>
    /// Align words by cross-attention dynamic time warping (OpenAI's word_timestamps): one extra decoder pass per
    /// window with the alignment heads' attention captured.
    /// </summary>
    public bool WordTimestamps { get; init; }

    /// <summary>
    /// Alignment heads for <see cref="WordTimestamps"/>: "auto" (the preset of the model's size), "top-half", a preset
    /// name ("base.en", "large-v3-turbo", ...) or layer:head pairs ("2:4,3:3").
    /// </summary>
    public string AlignmentHeads { get; init; } = "auto";

    /// <summary>Token timestamp heuristic: minimum timestamp probability (0.01).</summary>
    public float TokenTimestampThreshold { get; init; } = 0.01f;

    /// <summary>Token timestamp heuristic: minimum timestamp probability sum (0.01).</summary>
    public float TokenTimestampSumThreshold { get; init; } = 0.01f;

    /// <summary>Threads for the model (≥ 1).</summary>
    public int Threads { get; init; } = 1;
}
