using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VoiceFlow.Core.Validation;

/// <summary>
/// Computes <see cref="AudioStatistics"/> in one pass: min, max, sum, non-finite, clipped and
/// out-of-range counts together, so a 30 s buffer is read from memory once.
/// </summary>
public static class AudioScanner
{
    /// <summary>Default level at or above which a sample counts as clipped.</summary>
    public const float DefaultClipLevel = 0.999f;

    // Float lane sums are flushed into a double this often so long buffers keep float-level
    // precision per lane (1024 additions) while the total keeps double precision.
    private const int FlushInterval = 1024;

    /// <summary>Scans <paramref name="samples"/> with SIMD where the hardware has it.</summary>
    public static AudioStatistics Scan(ReadOnlySpan<float> samples, float clipLevel = DefaultClipLevel)
    {
        if (!Vector.IsHardwareAccelerated || samples.Length < Vector<float>.Count)
        {
            return ScanScalar(samples, clipLevel);
        }

        ref float start = ref MemoryMarshal.GetReference(samples);
        var positiveInfinity = new Vector<float>(float.PositiveInfinity);
        var negativeInfinity = new Vector<float>(float.NegativeInfinity);
        var clip = new Vector<float>(clipLevel);
        var minV = positiveInfinity;
        var maxV = negativeInfinity;
        var sumV = Vector<float>.Zero;
        var finiteV = Vector<int>.Zero;
        var clippedV = Vector<int>.Zero;
        var outOfRangeV = Vector<int>.Zero;
        double sum = 0;
        int sinceFlush = 0;

        int i = 0;
        int lastVector = samples.Length - Vector<float>.Count;
        for (; i <= lastVector; i += Vector<float>.Count)
        {
            var v = Vector.LoadUnsafe(ref start, (nuint)i);
            // x - x is 0 for every finite x and NaN for NaN and ±Inf.
            var finite = Vector.Equals(v - v, Vector<float>.Zero);
            var finiteOrZero = Vector.ConditionalSelect(finite, v, Vector<float>.Zero);
            var magnitude = Vector.Abs(finiteOrZero);

            minV = Vector.Min(minV, Vector.ConditionalSelect(finite, v, positiveInfinity));
            maxV = Vector.Max(maxV, Vector.ConditionalSelect(finite, v, negativeInfinity));
            sumV += finiteOrZero;
            // Comparison masks are -1 per true lane, so subtracting them counts.
            finiteV -= finite;
            clippedV -= Vector.GreaterThanOrEqual(magnitude, clip);
            outOfRangeV -= Vector.GreaterThan(magnitude, Vector<float>.One);

            if (++sinceFlush == FlushInterval)
            {
                sum += SumLanes(sumV);
                sumV = Vector<float>.Zero;
                sinceFlush = 0;
            }
        }

        sum += SumLanes(sumV);
        float min = float.PositiveInfinity;
        float max = float.NegativeInfinity;
        for (int lane = 0; lane < Vector<float>.Count; lane++)
        {
            min = Math.Min(min, minV[lane]);
            max = Math.Max(max, maxV[lane]);
        }

        int finiteCount = Vector.Sum(finiteV);
        int clipped = Vector.Sum(clippedV);
        int outOfRange = Vector.Sum(outOfRangeV);
        int nonFinite = i - finiteCount;

        for (; i < samples.Length; i++)
        {
            Accumulate(samples[i], clipLevel, ref nonFinite, ref clipped, ref outOfRange, ref min, ref max, ref sum);
        }

        return Finish(samples.Length, nonFinite, clipped, outOfRange, min, max, sum);
    }

    /// <summary>The reference: one sample at a time. <see cref="Scan"/> must agree with it.</summary>
    public static AudioStatistics ScanScalar(ReadOnlySpan<float> samples, float clipLevel = DefaultClipLevel)
    {
        int nonFinite = 0, clipped = 0, outOfRange = 0;
        float min = float.PositiveInfinity;
        float max = float.NegativeInfinity;
        double sum = 0;
        foreach (float x in samples)
        {
            Accumulate(x, clipLevel, ref nonFinite, ref clipped, ref outOfRange, ref min, ref max, ref sum);
        }

        return Finish(samples.Length, nonFinite, clipped, outOfRange, min, max, sum);
    }

    /// <summary>
    /// Scans every <paramref name="stride"/>-th sample from <paramref name="start"/> on: the statistical
    /// check of optimized validation. <see cref="AudioStatistics.Length"/> is the number inspected.
    /// </summary>
    public static AudioStatistics ScanStrided(ReadOnlySpan<float> samples, int start, int stride, float clipLevel = DefaultClipLevel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        int inspected = 0, nonFinite = 0, clipped = 0, outOfRange = 0;
        float min = float.PositiveInfinity;
        float max = float.NegativeInfinity;
        double sum = 0;
        for (int i = start; i < samples.Length; i += stride)
        {
            inspected++;
            Accumulate(samples[i], clipLevel, ref nonFinite, ref clipped, ref outOfRange, ref min, ref max, ref sum);
        }

        return Finish(inspected, nonFinite, clipped, outOfRange, min, max, sum);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(
        float x, float clipLevel, ref int nonFinite, ref int clipped, ref int outOfRange, ref float min, ref float max, ref double sum)
    {
        if (!float.IsFinite(x))
        {
            nonFinite++;
            return;
        }

        float magnitude = Math.Abs(x);
        if (magnitude >= clipLevel)
        {
            clipped++;
        }

        if (magnitude > 1f)
        {
            outOfRange++;
        }

        min = Math.Min(min, x);
        max = Math.Max(max, x);
        sum += x;
    }

    private static AudioStatistics Finish(int length, int nonFinite, int clipped, int outOfRange, float min, float max, double sum)
    {
        bool anyFinite = nonFinite < length;
        return new AudioStatistics(length, nonFinite, clipped, outOfRange, anyFinite ? min : 0f, anyFinite ? max : 0f, sum);
    }

    private static double SumLanes(Vector<float> v)
    {
        double total = 0;
        for (int lane = 0; lane < Vector<float>.Count; lane++)
        {
            total += v[lane];
        }

        return total;
    }
}
