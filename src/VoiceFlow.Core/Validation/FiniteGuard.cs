using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Validation;

/// <summary>What <see cref="FiniteGuard"/> does with a NaN or infinite sample.</summary>
public enum FiniteGuardMode
{
    /// <summary>Replace it with 0 (silence) and go on.</summary>
    Repair = 0,

    /// <summary>Throw an <see cref="AudioValidationException"/>.</summary>
    Reject = 1,
}

/// <summary>
/// The last line of defence before a recogniser: whatever validation mode ran (optimized mode may
/// have sampled past a NaN), the engine boundary calls this on every buffer. Clean audio costs one
/// vectorized read (<see cref="TensorPrimitives.IsFiniteAll{T}(ReadOnlySpan{T})"/>).
/// </summary>
public static class FiniteGuard
{
    /// <summary>
    /// Makes every sample of <paramref name="samples"/> finite and returns how many were replaced
    /// by 0; with <see cref="FiniteGuardMode.Reject"/> throws instead of replacing.
    /// </summary>
    /// <exception cref="AudioValidationException">In reject mode, when a sample is NaN or infinite.</exception>
    public static int EnsureFinite(Span<float> samples, FiniteGuardMode mode = FiniteGuardMode.Repair)
    {
        if (TensorPrimitives.IsFiniteAll<float>(samples))
        {
            return 0;
        }

        if (mode == FiniteGuardMode.Reject)
        {
            ThrowNonFinite(samples);
        }

        return ReplaceNonFinite(samples);
    }

    /// <summary>For samples that cannot be modified: throws when any is NaN or infinite.</summary>
    /// <exception cref="AudioValidationException">A sample is NaN or infinite; the message gives the count and the first position.</exception>
    public static void ThrowIfNonFinite(ReadOnlySpan<float> samples)
    {
        if (!TensorPrimitives.IsFiniteAll(samples))
        {
            ThrowNonFinite(samples);
        }
    }

    /// <summary>Replaces NaN and ±Inf by 0 in place and returns how many there were.</summary>
    public static int ReplaceNonFinite(Span<float> samples)
    {
        if (!Vector.IsHardwareAccelerated || samples.Length < Vector<float>.Count)
        {
            return ReplaceNonFiniteScalar(samples);
        }

        ref float start = ref MemoryMarshal.GetReference(samples);
        var replacedV = Vector<int>.Zero;
        int i = 0;
        int lastVector = samples.Length - Vector<float>.Count;
        for (; i <= lastVector; i += Vector<float>.Count)
        {
            var v = Vector.LoadUnsafe(ref start, (nuint)i);
            var finite = Vector.Equals(v - v, Vector<float>.Zero);
            replacedV += finite; // -1 per finite lane; corrected below
            Vector.ConditionalSelect(finite, v, Vector<float>.Zero).StoreUnsafe(ref start, (nuint)i);
        }

        int replaced = i + Vector.Sum(replacedV);
        return replaced + ReplaceNonFiniteScalar(samples[i..]);
    }

    /// <summary>The reference: one sample at a time. <see cref="ReplaceNonFinite"/> must agree with it.</summary>
    public static int ReplaceNonFiniteScalar(Span<float> samples)
    {
        int replaced = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            if (!float.IsFinite(samples[i]))
            {
                samples[i] = 0f;
                replaced++;
            }
        }

        return replaced;
    }

    [DoesNotReturn]
    private static void ThrowNonFinite(ReadOnlySpan<float> samples)
    {
        int first = -1;
        int count = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            if (!float.IsFinite(samples[i]))
            {
                count++;
                if (first < 0)
                {
                    first = i;
                }
            }
        }

        throw new AudioValidationException(string.Create(CultureInfo.InvariantCulture,
            $"Audio contains {count} NaN or infinite samples out of {samples.Length} (first at sample {first}, {AudioFormat.DurationOf(first).TotalSeconds:F3} s); refusing to pass them to the recogniser."));
    }
}
