using System.Numerics.Tensors;

namespace VoiceFlow.Core.Vad;

/// <summary>
/// Where to cut a long recording into windows: the middle of its quietest stretch within a range, so a window
/// boundary falls in a pause rather than inside a word (the pieces are recognised separately).
/// </summary>
public static class QuietestCut
{
    /// <summary>Energy is compared per hop of this many samples (50 ms at 16 kHz).</summary>
    private const int HopSamples = 800;

    /// <summary>Hops in the stretch whose energy is compared (200 ms): long enough to be a pause, not a stop consonant.</summary>
    private const int StretchHops = 4;

    /// <summary>The cut position in [<paramref name="from"/>, <paramref name="to"/>): the middle of the quietest 200 ms there.</summary>
    /// <param name="samples">The audio.</param>
    /// <param name="from">First position allowed.</param>
    /// <param name="to">End of the range allowed (exclusive), at most the length of <paramref name="samples"/>.</param>
    public static int Find(ReadOnlySpan<float> samples, int from, int to)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(to, samples.Length);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(to, from);
        int hops = (to - from) / HopSamples;
        if (hops < StretchHops)
        {
            return from + ((to - from) / 2);
        }

        Span<float> energy = hops <= 4096 ? stackalloc float[hops] : new float[hops];
        for (int h = 0; h < hops; h++)
        {
            energy[h] = TensorPrimitives.SumOfSquares(samples.Slice(from + (h * HopSamples), HopSamples));
        }

        float window = 0;
        for (int h = 0; h < StretchHops; h++)
        {
            window += energy[h];
        }

        // Ties keep the latest stretch: the longer the window, the fewer windows a file needs.
        float best = window;
        int bestStart = 0;
        for (int h = StretchHops; h < hops; h++)
        {
            window += energy[h] - energy[h - StretchHops];
            if (window <= best)
            {
                best = window;
                bestStart = h - StretchHops + 1;
            }
        }

        return from + ((bestStart * HopSamples) + (StretchHops * HopSamples / 2));
    }
}
