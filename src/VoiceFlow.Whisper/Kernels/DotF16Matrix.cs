using System.Runtime.CompilerServices;
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
/// multiply by 2^112; the multiply is moved onto the activations once per call (<see cref="PreScale"/>), so a weight
/// is only shifted and masked (its value times 2^-112, exact, subnormals included). The product of the two is the same
/// real number as <c>w · x</c> and a fused multiply-add rounds it once, so every accumulator holds the same bits as in
/// <see cref="DotF16.Avx2Dot"/>.
/// </para>
/// </summary>
internal static unsafe class DotF16Matrix
{
    /// <summary>2^112, the exponent rebias from f16 to f32 (see <see cref="HalfBits"/>).</summary>
    public const float Rebias = 5.192296858534828e33f;

    /// <summary>Activations with |x| below this scale by 2^112 without overflow (every finite f16 value is below it).</summary>
    public const float PreScaleLimit = 65536f;

    /// <summary>
    /// Writes <c>x · 2^112</c> to <paramref name="scaled"/>; false when some finite |x| ≥ 65536 would overflow (the
    /// caller then uses <see cref="DotF16.Avx2Dot"/> per row). Activations rounded to f16 never fail.
    /// </summary>
    public static bool PreScale(float* x, float* scaled, int n)
    {
        bool exact = true;
        for (int i = 0; i < n; i++)
        {
            float v = x[i];
            exact &= !float.IsFinite(v) || MathF.Abs(v) < PreScaleLimit;
            scaled[i] = v * Rebias;
        }

        return exact;
    }

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
    /// <paramref name="scaled"/> is <see cref="PreScale"/> of <paramref name="x"/> (which must have succeeded).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Avx2Pair(ushort* w0, ushort* w1, float* x, float* scaled, int n, float* result0, float* result1)
    {
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector256<float> b0 = default, b1 = default, b2 = default, b3 = default;
        int i = 0;
        for (; i + 32 <= n; i += 32)
        {
            var v = Avx.LoadVector256(scaled + i);
            a0 = Fma.MultiplyAdd(Scaled(w0 + i), v, a0);
            b0 = Fma.MultiplyAdd(Scaled(w1 + i), v, b0);
            v = Avx.LoadVector256(scaled + i + 8);
            a1 = Fma.MultiplyAdd(Scaled(w0 + i + 8), v, a1);
            b1 = Fma.MultiplyAdd(Scaled(w1 + i + 8), v, b1);
            v = Avx.LoadVector256(scaled + i + 16);
            a2 = Fma.MultiplyAdd(Scaled(w0 + i + 16), v, a2);
            b2 = Fma.MultiplyAdd(Scaled(w1 + i + 16), v, b2);
            v = Avx.LoadVector256(scaled + i + 24);
            a3 = Fma.MultiplyAdd(Scaled(w0 + i + 24), v, a3);
            b3 = Fma.MultiplyAdd(Scaled(w1 + i + 24), v, b3);
        }

        for (; i + 8 <= n; i += 8)
        {
            var v = Avx.LoadVector256(scaled + i);
            a0 = Fma.MultiplyAdd(Scaled(w0 + i), v, a0);
            b0 = Fma.MultiplyAdd(Scaled(w1 + i), v, b0);
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

    /// <summary>8 f16 values widened to f32 times 2^-112: <see cref="HalfBits.ToSingleSignExtended"/> without its multiply.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Scaled(ushort* p) =>
        ((Avx2.ConvertToVector256Int32((short*)p) << 13) & Vector256.Create(unchecked((int)0x8fffe000))).AsSingle();
}
