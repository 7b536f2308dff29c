using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VoiceFlow.Whisper.Kernels;

/// <summary>
/// The previous encoder attention's softmax over a whole score row (the encoder now runs
/// <see cref="FlashAttention"/>'s online softmax); kept as the old path <c>whisper-kernels</c> times the
/// blocked attention against. Three passes over the row instead of seven: scale and max
/// together, <see cref="FastExp"/> and the sum together, then the normalisation and the f16
/// rounding together. Not bit-identical to <see cref="Softmax"/> (a different exp and summation
/// order): within 2e-6 of it, and one f16 step at most once rounded (tests). Without AVX2 + FMA
/// it is <see cref="Softmax.Apply"/>.
/// </summary>
internal static unsafe class FusedSoftmax
{
    private const int Lanes = 8;

    public static void Apply(float* x, int n, float scale, bool roundToHalf)
    {
        if (SimdSupport.UseAvx2)
        {
            Avx2Apply(x, n, scale, roundToHalf);
        }
        else
        {
            Softmax.Apply(x, n, scale, roundToHalf);
        }
    }

    public static void Avx2Apply(float* x, int n, float scale, bool roundToHalf)
    {
        if (n == 0)
        {
            return;
        }

        int vectorEnd = n - (n % Lanes);
        var s = Vector256.Create(scale);
        var maxV = Vector256.Create(float.NegativeInfinity);
        int i = 0;
        for (; i < vectorEnd; i += Lanes)
        {
            var v = Avx.Multiply(Avx.LoadVector256(x + i), s);
            Avx.Store(x + i, v);
            maxV = Avx.Max(maxV, v);
        }

        float max = float.NegativeInfinity;
        for (int l = 0; l < Lanes; l++)
        {
            max = MathF.Max(max, maxV.GetElement(l));
        }

        for (; i < n; i++)
        {
            x[i] *= scale;
            max = MathF.Max(max, x[i]);
        }

        var m = Vector256.Create(max);
        var sumV = Vector256<float>.Zero;
        for (i = 0; i < vectorEnd; i += Lanes)
        {
            var e = FastExp.Avx2Exp(Avx.Subtract(Avx.LoadVector256(x + i), m));
            Avx.Store(x + i, e);
            sumV = Avx.Add(sumV, e);
        }

        float tail = 0f;
        for (; i < n; i++)
        {
            x[i] = FastExp.Scalar(x[i] - max);
            tail += x[i];
        }

        double sum = tail;
        for (int l = 0; l < Lanes; l++)
        {
            sum += sumV.GetElement(l);
        }

        var inv = Vector256.Create((float)(1.0 / sum));
        for (i = 0; i < vectorEnd; i += Lanes)
        {
            var p = Avx.Multiply(Avx.LoadVector256(x + i), inv);
            Avx.Store(x + i, roundToHalf ? HalfBits.Round(p) : p);
        }

        Normalise(x + i, n - i, inv.ToScalar(), roundToHalf);
    }

    /// <summary>Scalar twin of <see cref="Avx2Apply"/>: the same lanes, sums and exp, so the same bits.</summary>
    public static void Scalar(float* x, int n, float scale, bool roundToHalf)
    {
        if (n == 0)
        {
            return;
        }

        float max = float.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            x[i] *= scale;
            max = MathF.Max(max, x[i]);
        }

        int vectorEnd = n - (n % Lanes);
        Span<float> lanes = stackalloc float[Lanes];
        float tail = 0f;
        for (int i = 0; i < n; i++)
        {
            x[i] = FastExp.Scalar(x[i] - max);
            if (i < vectorEnd)
            {
                lanes[i % Lanes] += x[i];
            }
            else
            {
                tail += x[i];
            }
        }

        double sum = tail;
        for (int l = 0; l < Lanes; l++)
        {
            sum += lanes[l];
        }

        Normalise(x, n, (float)(1.0 / sum), roundToHalf);
    }

    private static void Normalise(float* x, int n, float inv, bool roundToHalf)
    {
        for (int i = 0; i < n; i++)
        {
            x[i] = roundToHalf ? HalfBits.Round(x[i] * inv) : x[i] * inv;
        }
    }
}
