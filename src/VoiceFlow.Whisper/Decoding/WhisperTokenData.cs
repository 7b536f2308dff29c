namespace VoiceFlow.Whisper.Decoding;

/// <summary>
/// One decoded token with whisper.cpp's per-token data. Times are in centiseconds from the start of the audio,
/// -1 when unknown.
/// </summary>
/// <param name="Id">Token id.</param>
/// <param name="TimestampId">Most probable timestamp token at this step (the token itself when it is one).</param>
/// <param name="Probability">Probability of the token after all suppression rules.</param>
/// <param name="LogProbability">Its log-probability.</param>
/// <param name="TimestampProbability">Probability of <paramref name="TimestampId"/> relative to all timestamps.</param>
/// <param name="TimestampProbabilitySum">Total probability of all timestamp tokens.</param>
public readonly record struct WhisperTokenData(
    int Id,
    int TimestampId,
    float Probability,
    float LogProbability,
    float TimestampProbability,
    float TimestampProbabilitySum)
{
    /// <summary>Token start (centiseconds), -1 when token timestamps are off.</summary>
    public long T0 { get; init; } = -1;

    /// <summary>Token end (centiseconds), -1 when token timestamps are off.</summary>
    public long T1 { get; init; } = -1;
}

/// <summary>One segment of a transcription, as whisper.cpp reports it. Times are centiseconds from the audio start.</summary>
/// <param name="T0">Start.</param>
/// <param name="T1">End.</param>
/// <param name="Text">The text of the segment's text tokens.</param>
/// <param name="NoSpeechProbability">Probability of &lt;|nospeech|&gt; at the first step of the window.</param>
/// <param name="Tokens">All tokens of the segment, including its closing timestamp tokens.</param>
public sealed record WhisperSegment(long T0, long T1, string Text, float NoSpeechProbability, IReadOnlyList<WhisperTokenData> Tokens)
{
    /// <summary>Language code the segment was decoded in (detected when "auto" was asked); null until the job sets it.</summary>
    public string? Language { get; init; }

    /// <summary>Probability of a detected <see cref="Language"/>; <see cref="float.NaN"/> when the language was given.</summary>
    public float LanguageProbability { get; init; } = float.NaN;

    /// <summary>Words aligned by cross-attention DTW (word timestamps on), else null.</summary>
    public IReadOnlyList<Alignment.WhisperWord>? Words { get; init; }
}
