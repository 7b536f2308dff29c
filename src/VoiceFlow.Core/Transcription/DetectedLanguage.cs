using VoiceFlow.Core.Engines;

namespace VoiceFlow.Core.Transcription;

/// <summary>The language of a transcript, as the engine reported it for its segments.</summary>
/// <param name="Code">ISO 639-1 code (or the language asked for when the engine did not say).</param>
/// <param name="Probability">The detection's probability; <see cref="float.NaN"/> when the language was given.</param>
public readonly record struct DetectedLanguage(string Code, float Probability)
{
    /// <summary>
    /// The language that covers the most segment time (the engine may detect per speech chunk), with the highest
    /// probability reported for it; <paramref name="requested"/> when no segment names a language.
    /// </summary>
    public static DetectedLanguage Of(IReadOnlyList<Segment> segments, string requested)
    {
        ArgumentNullException.ThrowIfNull(segments);
        string? best = null;
        var bestTime = TimeSpan.MinValue;
        foreach (var group in segments.Where(s => s.Language is not null).GroupBy(s => s.Language!, StringComparer.Ordinal))
        {
            var time = group.Aggregate(TimeSpan.Zero, (sum, s) => sum + (s.End - s.Start));
            if (time > bestTime)
            {
                (best, bestTime) = (group.Key, time);
            }
        }

        if (best is null)
        {
            return new DetectedLanguage(requested, float.NaN);
        }

        var probabilities = segments.Where(s => s.Language == best && !float.IsNaN(s.LanguageProbability)).Select(s => s.LanguageProbability).ToList();
        return new DetectedLanguage(best, probabilities.Count == 0 ? float.NaN : probabilities.Max());
    }
}
