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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Avx2Dot(ushort* w, float* x, int n) => Avx2Dot<HalfRow>(w, x, n);

    /// <summary>
    /// <see cref="Avx2Dot(ushort*, float*, int)"/> over weights already widened to f32 (<see cref="Widen"/>): the same
    /// code with another load, so the result is bit-identical; a weight row read for several tokens is converted once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Avx2DotWidened(float* w, float* x, int n) => Avx2Dot<SingleRow>(w, x, n);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Avx2Dot<TRow>(void* w, float* x, int n)
        where TRow : IWeightRow
    {
        var acc0 = Vector256<float>.Zero;
        var acc1 = Vector256<float>.Zero;
        var acc2 = Vector256<float>.Zero;
        var acc3 = Vector256<float>.Zero;
        int i = 0;
        for (; i + 32 <= n; i += 32)
        {
            acc0 = Fma.MultiplyAdd(TRow.Load(w, i), Avx.LoadVector256(x + i), acc0);
            acc1 = Fma.MultiplyAdd(TRow.Load(w, i + 8), Avx.LoadVector256(x + i + 8), acc1);
            acc2 = Fma.MultiplyAdd(TRow.Load(w, i + 16), Avx.LoadVector256(x + i + 16), acc2);
            acc3 = Fma.MultiplyAdd(TRow.Load(w, i + 24), Avx.LoadVector256(x + i + 24), acc3);
        }

        for (; i + 8 <= n; i += 8)
        {
            acc0 = Fma.MultiplyAdd(TRow.Load(w, i), Avx.LoadVector256(x + i), acc0);
        }

        float sum = Vector256.Sum((acc0 + acc1) + (acc2 + acc3));
        for (; i < n; i++)
        {
            sum += TRow.At(w, i) * x[i];
        }

        return sum;
    }

    /// <summary>f16 bits to f32 (exact), 8 at a time with AVX2.</summary>
    public static void Widen(ushort* w, float* dst, int n)
    {
        int i = 0;
        if (SimdSupport.UseAvx2)
        {
            for (; i + 8 <= n; i += 8)
            {
                Avx.Store(dst + i, Load(w + i));
            }
        }

        for (; i < n; i++)
        {
            dst[i] = HalfBits.ToSingle(w[i]);
        }
    }

    /// <summary>Loads 8 f16 values and widens them to f32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ushort* p) => HalfBits.ToSingleSignExtended(Avx2.ConvertToVector256Int32((short*)p));

    /// <summary>How the dot kernel reads weight <c>i</c> of a row: 8 at a time as f32, or one.</summary>
    private interface IWeightRow
    {
        static abstract Vector256<float> Load(void* w, int i);

        static abstract float At(void* w, int i);
    }

    private readonly struct HalfRow : IWeightRow
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load(void* w, int i) => DotF16.Load((ushort*)w + i);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float At(void* w, int i) => HalfBits.ToSingle(((ushort*)w)[i]);
    }

    private readonly struct SingleRow : IWeightRow
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load(void* w, int i) => Avx.LoadVector256((float*)w + i);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float At(void* w, int i) => ((float*)w)[i];
    }
}
