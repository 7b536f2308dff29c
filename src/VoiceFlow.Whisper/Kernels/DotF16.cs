using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VoiceFlow.Whisper.Kernels;

/// <summary>Dot product of f16 weights (raw bits) with f32 activations; the f16→f32 conversion happens in registers.</summary>
internal static unsafe class DotF16
{
    public static float Dot(ushort* w, float* x, int n) => SimdSupport.Level switch
    {
        SimdLevel.Avx2 => Avx2Dot(w, x, n),
        SimdLevel.Vector128 => Vector128Dot(w, x, n),
        _ => Scalar(w, x, n),
    };

    public static float Scalar(ushort* w, float* x, int n)
    {
        float sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += HalfBits.ToSingle(w[i]) * x[i];
        }

        return sum;
    }

    public static float Vector128Dot(ushort* w, float* x, int n)
    {
        var acc0 = Vector128<float>.Zero;
        var acc1 = Vector128<float>.Zero;
        int i = 0;
        for (; i + 8 <= n; i += 8)
        {
            var h = Vector128.Load(w + i);
            acc0 += HalfBits.ToSingle(Vector128.WidenLower(h)) * Vector128.Load(x + i);
            acc1 += HalfBits.ToSingle(Vector128.WidenUpper(h)) * Vector128.Load(x + i + 4);
        }

        float sum = Vector128.Sum(acc0 + acc1);
        for (; i < n; i++)
        {
            sum += HalfBits.ToSingle(w[i]) * x[i];
        }

        return sum;
    }

    public static float Avx2Dot(ushort* w, float* x, int n)
    {
        var acc0 = Vector256<float>.Zero;
        var acc1 = Vector256<float>.Zero;
        var acc2 = Vector256<float>.Zero;
        var acc3 = Vector256<float>.Zero;
        int i = 0;
        for (; i + 32 <= n; i += 32)
        {
            acc0 = Fma.MultiplyAdd(Load(w + i), Avx.LoadVector256(x + i), acc0);
            acc1 = Fma.MultiplyAdd(Load(w + i + 8), Avx.LoadVector256(x + i + 8), acc1);
            acc2 = Fma.MultiplyAdd(Load(w + i + 16), Avx.LoadVector256(x + i + 16), acc2);
            acc3 = Fma.MultiplyAdd(Load(w + i + 24), Avx.LoadVector256(x + i + 24), acc3);
        }

        for (; i + 8 <= n; i += 8)
        {
            acc0 = Fma.MultiplyAdd(Load(w + i), Avx.LoadVector256(x + i), acc0);
        }

        float sum = Vector256.Sum((acc0 + acc1) + (acc2 + acc3));
        for (; i < n; i++)
        {
            sum += HalfBits.ToSingle(w[i]) * x[i];
        }

        return sum;
    }

    /// <summary>
    /// <c>results[t] = w · x_t</c> for <paramref name="rows"/> activation rows at <c>x + t * xStride</c> (the beams of a
    /// step): each 8 weights are widened once for up to three rows, whose dots run as independent chains. Every result
    /// is <see cref="Avx2Dot"/>'s for that row alone, bit for bit (same accumulators, same order).
    /// </summary>
    public static void Avx2DotRows(ushort* w, float* x, long xStride, int rows, int n, float* results) =>
        Avx2DotRows<ExactWidening>(w, x, x, xStride, rows, n, results);

    /// <summary>
    /// <see cref="Avx2DotRows(ushort*, float*, long, int, int, float*)"/> with the activation rows also given pre-scaled
    /// by 2^112 (<paramref name="scaled"/>, same stride; <see cref="ScaledWidening.PreScale"/>): the weights widen without
    /// a multiply, the results keep their bits.
    /// </summary>
    public static void Avx2DotRowsPreScaled(ushort* w, float* x, float* scaled, long xStride, int rows, int n, float* results) =>
        Avx2DotRows<ScaledWidening>(w, x, scaled, xStride, rows, n, results);

    private static void Avx2DotRows<TWiden>(ushort* w, float* x, float* scaled, long xStride, int rows, int n, float* results)
        where TWiden : struct, IHalfWidening
    {
        int t = 0;
        for (; t + 3 <= rows; t += 3)
        {
            Avx2DotGroup<GroupOf3, TWiden>(w, x + (t * xStride), scaled + (t * xStride), xStride, n, results + t);
        }

        if (rows - t == 2)
        {
            Avx2DotGroup<GroupOf2, TWiden>(w, x + (t * xStride), scaled + (t * xStride), xStride, n, results + t);
        }
        else if (rows - t == 1)
        {
            results[t] = Avx2Dot(w, x + (t * xStride), n);
        }
    }

    /// <summary>
    /// Up to three rows' dots: the vector part over <paramref name="scaled"/> with <typeparamref name="TWiden"/>
    /// (<paramref name="scaled"/> is <paramref name="x"/> for the exact widening), the scalar tail over <paramref name="x"/>.
    /// </summary>
    private static void Avx2DotGroup<TGroup, TWiden>(ushort* w, float* x, float* scaled, long xStride, int n, float* results)
        where TGroup : struct, IGroupSize
        where TWiden : struct, IHalfWidening
    {
        bool three = TGroup.Count > 2;
        float* x0 = scaled, x1 = scaled + xStride, x2 = three ? scaled + (2 * xStride) : scaled;
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector256<float> b0 = default, b1 = default, b2 = default, b3 = default;
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default;
        int i = 0;
        for (; i + 32 <= n; i += 32)
        {
            var v = TWiden.Load(w + i);
            a0 = Fma.MultiplyAdd(v, Avx.LoadVector256(x0 + i), a0);
            b0 = Fma.MultiplyAdd(v, Avx.LoadVector256(x1 + i), b0);
            if (three)
            {
                c0 = Fma.MultiplyAdd(v, Avx.LoadVector256(x2 + i), c0);
            }

            v = TWiden.Load(w + i + 8);
            a1 = Fma.MultiplyAdd(v, Avx.LoadVector256(x0 + i + 8), a1);
            b1 = Fma.MultiplyAdd(v, Avx.LoadVector256(x1 + i + 8), b1);
            if (three)
            {
                c1 = Fma.MultiplyAdd(v, Avx.LoadVector256(x2 + i + 8), c1);
            }

            v = TWiden.Load(w + i + 16);
            a2 = Fma.MultiplyAdd(v, Avx.LoadVector256(x0 + i + 16), a2);
            b2 = Fma.MultiplyAdd(v, Avx.LoadVector256(x1 + i + 16), b2);
            if (three)
            {
                c2 = Fma.MultiplyAdd(v, Avx.LoadVector256(x2 + i + 16), c2);
            }

            v = TWiden.Load(w + i + 24);
            a3 = Fma.MultiplyAdd(v, Avx.LoadVector256(x0 + i + 24), a3);
            b3 = Fma.MultiplyAdd(v, Avx.LoadVector256(x1 + i + 24), b3);
            if (three)
            {
                c3 = Fma.MultiplyAdd(v, Avx.LoadVector256(x2 + i + 24), c3);
            }
        }

        for (; i + 8 <= n; i += 8)
        {
            var v = TWiden.Load(w + i);
            a0 = Fma.MultiplyAdd(v, Avx.LoadVector256(x0 + i), a0);
            b0 = Fma.MultiplyAdd(v, Avx.LoadVector256(x1 + i), b0);
            if (three)
            {
                c0 = Fma.MultiplyAdd(v, Avx.LoadVector256(x2 + i), c0);
            }
        }

        float s0 = Vector256.Sum((a0 + a1) + (a2 + a3));
        float s1 = Vector256.Sum((b0 + b1) + (b2 + b3));
        float s2 = three ? Vector256.Sum((c0 + c1) + (c2 + c3)) : 0;
        float* u0 = x, u1 = x + xStride, u2 = three ? x + (2 * xStride) : x;
        for (; i < n; i++)
        {
            float wi = HalfBits.ToSingle(w[i]);
            s0 += wi * u0[i];
            s1 += wi * u1[i];
            s2 += wi * u2[i];
        }

        results[0] = s0;
        results[1] = s1;
        if (three)
        {
            results[2] = s2;
        }
    }

    /// <summary>Loads 8 f16 values and widens them to f32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ushort* p) => HalfBits.ToSingleSignExtended(Avx2.ConvertToVector256Int32((short*)p));
}
