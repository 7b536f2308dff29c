using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VoiceFlow.Core.Audio;

/// <summary>
/// Dot product for the resampler's filter taps. It is written here rather than taken from
/// TensorPrimitives.Dot because its result must depend only on the values, never on the addresses:
/// the streaming resampler sees the same samples at other buffer offsets than the one-shot path and
/// must still produce identical output, while TensorPrimitives may align its loop to the memory address.
/// It runs millions of times from the first second of audio: the CLI's ReadyToRun build has it precompiled, and the
/// JIT builds compile methods with loops fully optimised at first call (TieredCompilationQuickJitForLoops=false in
/// Directory.Build.props), so it never runs in the unoptimised first tier.
/// </summary>
internal static class DotProduct
{
    internal static float Compute(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"Lengths differ: {a.Length} and {b.Length}.", nameof(b));
        if (Vector256.IsHardwareAccelerated) return Vector256Path(a, b);
        if (Vector128.IsHardwareAccelerated) return Vector128Path(a, b);
        return Scalar(a, b);
    }

    internal static float Scalar(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float sum = 0;
        for (int i = 0; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }

    internal static float Vector256Path(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        ref float pa = ref MemoryMarshal.GetReference(a);
        ref float pb = ref MemoryMarshal.GetReference(b);
        var acc0 = Vector256<float>.Zero;
        var acc1 = Vector256<float>.Zero;
        int n = a.Length, i = 0, w = Vector256<float>.Count;
        // Two accumulators hide the add latency; the order of operations is fixed, so the result is reproducible.
        for (; i <= n - (2 * w); i += 2 * w)
        {
            acc0 += Vector256.LoadUnsafe(ref pa, (nuint)i) * Vector256.LoadUnsafe(ref pb, (nuint)i);
            acc1 += Vector256.LoadUnsafe(ref pa, (nuint)(i + w)) * Vector256.LoadUnsafe(ref pb, (nuint)(i + w));
        }
        for (; i <= n - w; i += w)
            acc0 += Vector256.LoadUnsafe(ref pa, (nuint)i) * Vector256.LoadUnsafe(ref pb, (nuint)i);
        return Vector256.Sum(acc0 + acc1) + Scalar(a[i..], b[i..]);
    }

    internal static float Vector128Path(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        ref float pa = ref MemoryMarshal.GetReference(a);
        ref float pb = ref MemoryMarshal.GetReference(b);
        var acc0 = Vector128<float>.Zero;
        var acc1 = Vector128<float>.Zero;
        int n = a.Length, i = 0, w = Vector128<float>.Count;
        for (; i <= n - (2 * w); i += 2 * w)
        {
            acc0 += Vector128.LoadUnsafe(ref pa, (nuint)i) * Vector128.LoadUnsafe(ref pb, (nuint)i);
            acc1 += Vector128.LoadUnsafe(ref pa, (nuint)(i + w)) * Vector128.LoadUnsafe(ref pb, (nuint)(i + w));
        }
        for (; i <= n - w; i += w)
            acc0 += Vector128.LoadUnsafe(ref pa, (nuint)i) * Vector128.LoadUnsafe(ref pb, (nuint)i);
        return Vector128.Sum(acc0 + acc1) + Scalar(a[i..], b[i..]);
    }
}
