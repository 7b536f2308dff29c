using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VoiceFlow.Whisper.Kernels;

/// <summary><c>y += a * w</c> with f16 <c>w</c> (raw bits), converted in registers; used to accumulate attention values from an f16 cache.</summary>
internal static unsafe class AxpyF16
{
    public static void Axpy(float a, ushort* w, float* y, int n)
    {
        switch (SimdSupport.Level)
        {
            case SimdLevel.Avx2:
                Avx2Axpy(a, w, y, n);
                break;
            case SimdLevel.Vector128:
                Vector128Axpy(a, w, y, n);
                break;
            default:
                Scalar(a, w, y, n);
                break;
        }
    }

    public static void Scalar(float a, ushort* w, float* y, int n)
    {
        for (int i = 0; i < n; i++)
        {
            y[i] += a * HalfBits.ToSingle(w[i]);
        }
    }

    public static void Vector128Axpy(float a, ushort* w, float* y, int n)
    {
        var va = Vector128.Create(a);
        int i = 0;
        for (; i + 8 <= n; i += 8)
        {
            var h = Vector128.Load(w + i);
            (Vector128.Load(y + i) + (va * HalfBits.ToSingle(Vector128.WidenLower(h)))).Store(y + i);
            (Vector128.Load(y + i + 4) + (va * HalfBits.ToSingle(Vector128.WidenUpper(h)))).Store(y + i + 4);
        }

        Scalar(a, w + i, y + i, n - i);
    }

    public static void Avx2Axpy(float a, ushort* w, float* y, int n)
    {
        var va = Vector256.Create(a);
        int i = 0;
        for (; i + 8 <= n; i += 8)
        {
            Avx.Store(y + i, Fma.MultiplyAdd(va, DotF16.Load(w + i), Avx.LoadVector256(y + i)));
        }

        Scalar(a, w + i, y + i, n - i);
    }
}
