using System.Runtime.Intrinsics;

namespace VoiceFlow.Whisper.Kernels;

/// <summary>
/// Rounds f32 values to the nearest f16 value (kept as f32): what whisper.cpp does to activations
/// before a product with f16 weights and to keys/values it stores in f16.
/// </summary>
internal static unsafe class RoundToHalf
{
    public static void Round(ReadOnlySpan<float> x, Span<float> y)
    {
        fixed (float* px = x)
        fixed (float* py = y)
        {
            Round(px, py, x.Length);
        }
    }

    public static void Round(float* x, float* y, int n)
    {
        switch (SimdSupport.Level)
        {
            case SimdLevel.Avx2:
                Vector256Round(x, y, n);
                break;
            case SimdLevel.Vector128:
                Vector128Round(x, y, n);
                break;
            default:
                Scalar(x, y, n);
                break;
        }
    }

    public static void Scalar(float* x, float* y, int n)
    {
        for (int i = 0; i < n; i++)
        {
            y[i] = HalfBits.Round(x[i]);
        }
    }

    public static void Vector128Round(float* x, float* y, int n)
    {
        int i = 0;
        for (; i + 4 <= n; i += 4)
        {
            *(Vector128<float>*)(y + i) = HalfBits.Round(Vector128.Load(x + i));
        }

        Scalar(x + i, y + i, n - i);
    }

    public static void Vector256Round(float* x, float* y, int n)
    {
        int i = 0;
        for (; i + 8 <= n; i += 8)
        {
            *(Vector256<float>*)(y + i) = HalfBits.Round(Vector256.Load(x + i));
        }

        Scalar(x + i, y + i, n - i);
    }

    /// <summary>Stores f32 values as f16 bits (round to nearest even).</summary>
    public static void ToHalfBits(float* x, ushort* y, int n) =>
        System.Numerics.Tensors.TensorPrimitives.ConvertToHalf(new ReadOnlySpan<float>(x, n), new Span<Half>(y, n));
}
