namespace VoiceFlow.Core.Engines;

/// <summary>One recognised stretch of speech. Times are relative to the start of the audio given to the job.</summary>
/// <param name="Text">The text as the engine produced it (no post-processing).</param>
/// <param name="Start">Start of the segment.</param>
/// <param name="End">End of the segment.</param>
/// <param name="Confidence">Engine confidence in [0, 1]; <see cref="float.NaN"/> when the engine has none.</param>
/// <param name="Tokens">Engine tokens with ids and times, where the engine has them (Whisper); empty otherwise.</param>
/// <param name="Words">Words with times, where the engine has them; empty otherwise.</param>
public sealed record Segment(
    string Text,
    TimeSpan Start,
    TimeSpan End,
    float Confidence,
    IReadOnlyList<SegmentToken> Tokens,
    IReadOnlyList<WordTiming> Words)
{
    /// <summary>Probability that the window held no speech (Whisper); <see cref="float.NaN"/> when unknown.</summary>
    public float NoSpeechProbability { get; init; } = float.NaN;

    /// <summary>Language the engine decoded this segment in (detected when "auto" was asked); null when the engine does not say.</summary>
    public string? Language { get; init; }

    /// <summary>Probability of <see cref="Language"/> when it was detected; <see cref="float.NaN"/> when it was given.</summary>
    public float LanguageProbability { get; init; } = float.NaN;

    /// <summary>Creates a segment with no token or word detail.</summary>
    public static Segment Plain(string text, TimeSpan start, TimeSpan end, float confidence = float.NaN) =>
        new(text, start, end, confidence, [], []);

    /// <summary>Returns a copy shifted by <paramref name="offset"/> (used when long audio is split into chunks).</summary>
    public Segment Shift(TimeSpan offset) =>
        offset == TimeSpan.Zero
            ? this
            : this with
            {
                Start = Start + offset,
                End = End + offset,
                Tokens = [.. Tokens.Select(t => t with { Start = t.Start + offset, End = t.End + offset })],
                Words = [.. Words.Select(w => w with { Start = w.Start + offset, End = w.End + offset })],
            };
}

/// <summary>One engine token (e.g. a Whisper BPE token).</summary>
public sealed record SegmentToken(int Id, string Text, float Probability, TimeSpan Start, TimeSpan End);

/// <summary>One word with its time span.</summary>
public sealed record WordTiming(string Word, TimeSpan Start, TimeSpan End, float Confidence);
