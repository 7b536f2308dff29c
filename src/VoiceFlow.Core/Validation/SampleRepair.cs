using System.Numerics;
using System.Runtime.InteropServices;

namespace VoiceFlow.Core.Validation;

/// <summary>
/// The in-place repair kernel: non-finite samples become 0 (silence), finite samples have an
/// offset (the DC bias) subtracted and are clamped to [-limit, limit], all in one pass.
/// </summary>
public static class SampleRepair
{
    /// <summary>
    /// Repairs <paramref name="samples"/> in place and returns how many finite samples had to be
    /// clamped. Pass <see cref="float.PositiveInfinity"/> as <paramref name="limit"/> to skip clamping
    /// and 0 as <paramref name="offset"/> to keep the DC level.
    /// </summary>
    public static int Repair(Span<float> samples, float offset, float limit)
    {
        if (!Vector.IsHardwareAccelerated || samples.Length < Vector<float>.Count)
        {
            return RepairScalar(samples, offset, limit);
        }

        ref float start = ref MemoryMarshal.GetReference(samples);
        var offsetV = new Vector<float>(offset);
        var upper = new Vector<float>(limit);
        var lower = new Vector<float>(-limit);
        var clampedV = Vector<int>.Zero;

        int i = 0;
        int lastVector = samples.Length - Vector<float>.Count;
        for (; i <= lastVector; i += Vector<float>.Count)
        {
            var v = Vector.LoadUnsafe(ref start, (nuint)i);
            var finite = Vector.Equals(v - v, Vector<float>.Zero);
            var shifted = Vector.ConditionalSelect(finite, v - offsetV, Vector<float>.Zero);
            clampedV -= Vector.GreaterThan(Vector.Abs(shifted), upper);
            Vector.Min(Vector.Max(shifted, lower), upper).StoreUnsafe(ref start, (nuint)i);
        }

        int clamped = Vector.Sum(clampedV);
        for (; i < samples.Length; i++)
        {
            samples[i] = RepairOne(samples[i], offset, limit, ref clamped);
        }

        return clamped;
    }

    /// <summary>The reference: one sample at a time. <see cref="Repair"/> must agree with it.</summary>
    public static int RepairScalar(Span<float> samples, float offset, float limit)
    {
        int clamped = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = RepairOne(samples[i], offset, limit, ref clamped);
        }

        return clamped;
    }

    private static float RepairOne(float x, float offset, float limit, ref int clamped)
    {
        if (!float.IsFinite(x))
        {
            return 0f;
        }

        float shifted = x - offset;
        if (Math.Abs(shifted) > limit)
        {
            clamped++;
            return shifted > 0 ? limit : -limit;
        }

        return shifted;
    }
}
