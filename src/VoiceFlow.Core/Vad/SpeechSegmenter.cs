using System.Numerics.Tensors;

namespace VoiceFlow.Core.Vad;

/// <summary>
/// Splits long audio into chunks an engine handles well: each chunk holds detected speech plus a margin, is
/// never longer than <see cref="SegmenterOptions.MaxChunkSeconds"/>, and is cut in the silence between speech.
/// Speech that runs longer than a chunk without a pause is cut at its quietest frame. Chunks are sample ranges
/// of the input, so segment times from an engine become whole-file times by adding the chunk's start.
/// </summary>
public static class SpeechSegmenter
{
    private const int QuietSearchFrame = 320;

    /// <summary>Detects speech in <paramref name="samples"/> and groups it into chunks, in order, not overlapping.</summary>
    /// <returns>The chunks; empty when there is no speech.</returns>
    public static IReadOnlyList<SampleRange> Split(ReadOnlySpan<float> samples, SegmenterOptions? options = null, VadOptions? vad = null) =>
        Split(samples, EnergyVad.Detect(samples, vad), options);

    /// <summary>Groups already detected <paramref name="speech"/> regions of <paramref name="samples"/> into chunks.</summary>
    public static IReadOnlyList<SampleRange> Split(ReadOnlySpan<float> samples, IReadOnlyList<SampleRange> speech, SegmenterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(speech);
        options ??= new SegmenterOptions();
        options.Validate();
        long margin = options.MarginSamples;
        long max = options.MaxChunkSamples;
        var pieces = CutOverlongRegions(samples, speech, max - 2 * margin);

        var chunks = new List<SampleRange>();
        long previousEnd = 0;
        for (int i = 0; i < pieces.Count;)
        {
            long start = Math.Max(Math.Max(0, pieces[i].Start - margin), previousEnd);
            int last = i;
            while (last + 1 < pieces.Count && pieces[last + 1].End + margin - start <= max)
            {
                last++;
            }

            long end = Math.Min(samples.Length, pieces[last].End + margin);
            if (last + 1 < pieces.Count)
            {
                // Share the gap to the next speech fairly rather than giving it all to this chunk.
                end = Math.Min(end, pieces[last].End + (pieces[last + 1].Start - pieces[last].End) / 2);
            }

            chunks.Add(new SampleRange(start, end));
            previousEnd = end;
            i = last + 1;
        }

        return chunks;
    }

    /// <summary>Cuts regions longer than <paramref name="longest"/> samples at their quietest frame in the second half of each window.</summary>
    private static List<SampleRange> CutOverlongRegions(ReadOnlySpan<float> samples, IReadOnlyList<SampleRange> speech, long longest)
    {
        var pieces = new List<SampleRange>(speech.Count);
        foreach (var region in speech)
        {
            long start = region.Start;
            long end = Math.Min(region.End, samples.Length);
            while (end - start > longest)
            {
                long cut = QuietestPoint(samples, start + longest / 2, start + longest);
                pieces.Add(new SampleRange(start, cut));
                start = cut;
            }

            if (end > start)
            {
                pieces.Add(new SampleRange(start, end));
            }
        }

        return pieces;
    }

    /// <summary>Middle of the lowest-energy frame that lies fully inside [from, to).</summary>
    private static long QuietestPoint(ReadOnlySpan<float> samples, long from, long to)
    {
        long best = to;
        float bestEnergy = float.PositiveInfinity;
        for (long frame = from; frame + QuietSearchFrame <= to; frame += QuietSearchFrame / 2)
        {
            float energy = TensorPrimitives.SumOfSquares(samples.Slice((int)frame, QuietSearchFrame));
            if (energy < bestEnergy)
            {
                bestEnergy = energy;
                best = frame + QuietSearchFrame / 2;
            }
        }

        return best;
    }
}
