using System.Text.Json.Serialization;
using VoiceFlow.Core.Engines;

namespace VoiceFlow.Core.Transcripts;

/// <summary>
/// The outcome of transcribing one input, as written by <c>--format json</c> (field names are the
/// snake_case forms: <c>duration_s</c>, <c>speed_factor</c>, ...). Times are seconds, rounded to milliseconds.
/// </summary>
public sealed record TranscriptResult
{
    /// <summary>Input file path (or a label such as "-" or "microphone").</summary>
    public required string File { get; init; }

    /// <summary>Engine name ("pocketsphinx", "whisper").</summary>
    public required string Engine { get; init; }

    /// <summary>Model name or path; null when the engine's default was used and has no name.</summary>
    public string? Model { get; init; }

    /// <summary>Language code of the transcript (the detected one when "auto" was asked).</summary>
    public required string Language { get; init; }

    /// <summary>Probability of the detected language, rounded to 4 digits; null (not written) when the language was given.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? LanguageProbability { get; init; }

    /// <summary>Length of the audio in seconds.</summary>
    public double DurationS { get; init; }

    /// <summary>Wall-clock processing time in seconds.</summary>
    public double ProcessingS { get; init; }

    /// <summary>Seconds of audio per second of processing (the seed's definition); 0 when processing took no measurable time.</summary>
    public double SpeedFactor { get; init; }

    /// <summary>All segment texts, trimmed, joined by single spaces.</summary>
    public required string Text { get; init; }

    /// <summary>The segments in time order.</summary>
    public required IReadOnlyList<TranscriptSegment> Segments { get; init; }

    /// <summary>What the hallucination filter removed, with times and the reason; null (and absent from JSON) when nothing was.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<TranscriptRemoval>? Removed { get; init; }

    /// <summary>Milliseconds spent per pipeline stage ("decode", "vad", "encode", ...), in the order they ran.</summary>
    public IReadOnlyDictionary<string, double> Stages { get; init; } = new Dictionary<string, double>();

    /// <summary>Builds a result from engine segments; segment times must already be relative to the whole input.</summary>
    /// <param name="file">Input label.</param>
    /// <param name="engine">Engine name.</param>
    /// <param name="model">Model name or path, or null.</param>
    /// <param name="language">Language code.</param>
    /// <param name="duration">Length of the audio.</param>
    /// <param name="processing">Wall-clock processing time.</param>
    /// <param name="segments">Engine output.</param>
    /// <param name="stages">Per-stage times, or null for none.</param>
    public static TranscriptResult Create(
        string file,
        string engine,
        string? model,
        string language,
        TimeSpan duration,
        TimeSpan processing,
        IEnumerable<Segment> segments,
        IReadOnlyDictionary<string, TimeSpan>? stages = null)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var converted = segments.Select(TranscriptSegment.From).ToList();
        return new TranscriptResult
        {
            File = file,
            Engine = engine,
            Model = model,
            Language = language,
            DurationS = Seconds(duration),
            ProcessingS = Seconds(processing),
            SpeedFactor = processing > TimeSpan.Zero ? Math.Round(duration / processing, 3) : 0,
            Text = string.Join(' ', converted.Select(s => s.Text).Where(t => t.Length > 0)),
            Segments = converted,
            Stages = stages?.ToDictionary(s => s.Key, s => Math.Round(s.Value.TotalMilliseconds, 3)) ?? [],
        };
    }

    /// <summary>Seconds rounded to milliseconds, so JSON shows 1.23 rather than 1.2300000000000002.</summary>
    internal static double Seconds(TimeSpan time) => Math.Round(time.TotalSeconds, 3);
}

/// <summary>One timed piece of text.</summary>
/// <param name="Start">Start in seconds.</param>
/// <param name="End">End in seconds (never before <paramref name="Start"/>).</param>
/// <param name="Text">Trimmed text.</param>
/// <param name="Tokens">Engine tokens, or null when the engine gave none.</param>
/// <param name="Words">Word timings, or null when the engine gave none.</param>
public sealed record TranscriptSegment(
    double Start,
    double End,
    string Text,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<TranscriptToken>? Tokens = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<TranscriptWord>? Words = null)
{
    /// <summary>Converts an engine segment.</summary>
    public static TranscriptSegment From(Segment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        double start = TranscriptResult.Seconds(segment.Start);
        return new TranscriptSegment(
            start,
            Math.Max(start, TranscriptResult.Seconds(segment.End)),
            segment.Text.Trim(),
            segment.Tokens.Count == 0 ? null : [.. segment.Tokens.Select(t => new TranscriptToken(t.Id, t.Text, t.Probability, TranscriptResult.Seconds(t.Start), TranscriptResult.Seconds(t.End)))],
            segment.Words.Count == 0 ? null : [.. segment.Words.Select(w => new TranscriptWord(w.Word, TranscriptResult.Seconds(w.Start), TranscriptResult.Seconds(w.End), w.Confidence))]);
    }
}

/// <summary>Text the hallucination filter removed from a segment (seconds), what remains of it and why.</summary>
public sealed record TranscriptRemoval(double Start, double End, string Text, string Kept, string Reason);

/// <summary>One engine token with its probability and times (seconds).</summary>
public sealed record TranscriptToken(int Id, string Text, float P, double Start, double End);

/// <summary>One word with its times (seconds) and confidence.</summary>
public sealed record TranscriptWord(string Word, double Start, double End, float Confidence);
