using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VoiceFlow.Whisper.Kernels;

/// <summary>
/// Several f16 weight rows dotted with one activation row (a greedy step's logits product, MLP and projections):
/// <c>results[r] = w_r · x</c>, each bit for bit <see cref="DotF16.Avx2Dot"/> of that row alone.
/// <para>
/// Why it is faster than a call per row: two rows go through one pass, so each activation vector is loaded once for
/// both and the two rows' accumulator chains (and their final sums) overlap instead of one row's waiting on the
/// last; and the f16 widening drops its multiply. <see cref="HalfBits.ToSingleSignExtended"/> is a shift, a mask and a
/// multiply by 2^112; the multiply is moved onto the activations once per call (<see cref="ScaledWidening"/>), so a
/// weight is only shifted and masked, and every accumulator holds the same bits as in <see cref="DotF16.Avx2Dot"/>.
/// </para>
/// </summary>
internal static unsafe class DotF16Matrix
{
    /// <summary>The scalar twin: <see cref="DotF16.Scalar"/> of every row.</summary>
    public static void Scalar(ushort* w, long rowStride, int rows, float* x, int n, float* results)
    {
        for (int r = 0; r < rows; r++)
        {
            results[r] = DotF16.Scalar(w + (r * rowStride), x, n);
        }
    }

    /// <summary>
    /// <c>results[r] = DotF16.Avx2Dot(w + r * rowStride, x, n)</c> for <c>r &lt; rows</c>, bit for bit, two rows per pass;
    /// <paramref name="scaled"/> is <see cref="ScaledWidening.PreScale"/> of <paramref name="x"/> (which must have succeeded).
    /// </summary>
    public static void Avx2Rows(ushort* w, long rowStride, int rows, float* x, float* scaled, int n, float* results)
    {
        int half = rows / 2;
        for (int r = 0; r < half; r++)
        {
            Avx2Pair(w + (r * rowStride), w + ((r + half) * rowStride), x, scaled, n, results + r, results + r + half);
        }

        if ((rows & 1) != 0)
        {
            results[rows - 1] = DotF16.Avx2Dot(w + ((rows - 1) * rowStride), x, n);
        }
    }

    private static void Avx2Pair(ushort* w0, ushort* w1, float* x, float* scaled, int n, float* result0, float* result1)
    {
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector256<float> b0 = default, b1 = default, b2 = default, b3 = default;
        int i = 0;
        for (; i + 32 <= n; i += 32)
        {
            var v = Avx.LoadVector256(scaled + i);
            a0 = Fma.MultiplyAdd(ScaledWidening.Load(w0 + i), v, a0);
            b0 = Fma.MultiplyAdd(ScaledWidening.Load(w1 + i), v, b0);
            v = Avx.LoadVector256(scaled + i + 8);
            a1 = Fma.MultiplyAdd(ScaledWidening.Load(w0 + i + 8), v, a1);
            b1 = Fma.MultiplyAdd(ScaledWidening.Load(w1 + i + 8), v, b1);
            v = Avx.LoadVector256(scaled + i + 16);
            a2 = Fma.MultiplyAdd(ScaledWidening.Load(w0 + i + 16), v, a2);
            b2 = Fma.MultiplyAdd(ScaledWidening.Load(w1 + i + 16), v, b2);
            v = Avx.LoadVector256(scaled + i + 24);
            a3 = Fma.MultiplyAdd(ScaledWidening.Load(w0 + i + 24), v, a3);
            b3 = Fma.MultiplyAdd(ScaledWidening.Load(w1 + i + 24), v, b3);
        }

        for (; i + 8 <= n; i += 8)
        {
            var v = Avx.LoadVector256(scaled + i);
            a0 = Fma.MultiplyAdd(ScaledWidening.Load(w0 + i), v, a0);
            b0 = Fma.MultiplyAdd(ScaledWidening.Load(w1 + i), v, b0);
        }

        float s0 = Vector256.Sum((a0 + a1) + (a2 + a3));
        float s1 = Vector256.Sum((b0 + b1) + (b2 + b3));
        for (; i < n; i++)
        {
            s0 += HalfBits.ToSingle(w0[i]) * x[i];
            s1 += HalfBits.ToSingle(w1[i]) * x[i];
        }

        *result0 = s0;
        *result1 = s1;
    }
}
