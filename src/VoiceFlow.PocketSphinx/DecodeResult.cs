using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Engines;

namespace VoiceFlow.PocketSphinx;

/// <summary>What one decode produced, copied out of native memory.</summary>
/// <param name="Text">The best hypothesis (fillers and alternate-pronunciation markers removed by the library).</param>
/// <param name="Confidence">Posterior probability of the hypothesis in [0, 1], or NaN when the search has none.</param>
/// <param name="Words">Recognised words with times; silence and fillers left out.</param>
internal sealed record DecodeResult(string Text, float Confidence, IReadOnlyList<WordTiming> Words)
{
    public static DecodeResult Empty { get; } = new(string.Empty, float.NaN, []);

    /// <summary>The job's one segment: the words' span with word times, or the whole audio without them.</summary>
    /// <param name="sampleCount">Samples decoded.</param>
    /// <param name="timestamps">Whether the job asked for times.</param>
    public Segment ToSegment(int sampleCount, bool timestamps)
    {
        if (!timestamps)
        {
            return Segment.Plain(Text, TimeSpan.Zero, AudioFormat.DurationOf(sampleCount), Confidence);
        }

        var start = Words.Count > 0 ? Words[0].Start : TimeSpan.Zero;
        var end = Words.Count > 0 ? Words[^1].End : AudioFormat.DurationOf(sampleCount);
        return new Segment(Text, start, end, Confidence, [], Words);
    }
}
