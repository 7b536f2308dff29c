using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VoiceFlow.Whisper.Kernels;

/// <summary>
/// One key block of one query row's online softmax (flash attention): the row keeps a running max
/// <c>m</c> of its scaled scores and a running sum <c>l</c> of <c>exp(score - m)</c>; a block that raises
/// the max rescales what came before by <c>alpha = exp(m_old - m_new)</c>, returned so the caller can
/// rescale the row's weighted-sum accumulator the same way. The scores are replaced by their
/// unnormalised probabilities <c>exp(scale·s - m_new)</c> (f32, <see cref="FastExp"/>); the row is
/// divided by <c>l</c> once, after the last block. The AVX2 path and its scalar twin give the same bits.
/// </summary>
internal static unsafe class OnlineSoftmax
{
    private const int Lanes = 8;

    public static float Step(float* s, int keys, float scale, ref float m, ref float l)
    {
        bool avx2 = SimdSupport.UseAvx2;

        // scale > 0 and rounding is monotonic, so max(s)·scale is exactly max(s·scale).
        float mNew = MathF.Max(m, (avx2 ? Avx2Max(s, keys) : ScalarMax(s, keys)) * scale);
        float sum = avx2 ? Avx2ExpSum(s, keys, scale, mNew) : ScalarExpSum(s, keys, scale, mNew);
        float alpha = FastExp.Scalar(m - mNew); // 0 on the first block (m = -inf)
        l = MathF.FusedMultiplyAdd(l, alpha, sum);
        m = mNew;
        return alpha;
    }

    public static float Avx2Max(float* s, int n)
    {
        int vectorEnd = n - (n % Lanes);
        var maxV = Vector256.Create(float.NegativeInfinity);
        for (int i = 0; i < vectorEnd; i += Lanes)
        {
            maxV = Avx.Max(maxV, Avx.LoadVector256(s + i));
        }

        float max = float.NegativeInfinity;
        for (int l = 0; l < Lanes; l++)
        {
            max = MathF.Max(max, maxV.GetElement(l));
        }

        for (int i = vectorEnd; i < n; i++)
        {
            max = MathF.Max(max, s[i]);
        }

        return max;
    }

    public static float ScalarMax(float* s, int n)
    {
        float max = float.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            max = MathF.Max(max, s[i]);
        }

        return max;
    }

    /// <summary>s[i] = exp(s[i]·scale - m); returns their sum (eight lane sums, then the tail).</summary>
    public static float Avx2ExpSum(float* s, int n, float scale, float m)
    {
        int vectorEnd = n - (n % Lanes);
        var sc = Vector256.Create(scale);
        var negM = Vector256.Create(-m);
        var sumV = Vector256<float>.Zero;
        for (int i = 0; i < vectorEnd; i += Lanes)
        {
            var e = FastExp.Avx2Exp(Fma.MultiplyAdd(Avx.LoadVector256(s + i), sc, negM));
            Avx.Store(s + i, e);
            sumV = Avx.Add(sumV, e);
        }

        float sum = 0f;
        for (int l = 0; l < Lanes; l++)
        {
            sum += sumV.GetElement(l);
        }

        for (int i = vectorEnd; i < n; i++)
        {
            s[i] = FastExp.Scalar(MathF.FusedMultiplyAdd(s[i], scale, -m));
            sum += s[i];
        }

        return sum;
    }

    /// <summary>Scalar twin of <see cref="Avx2ExpSum"/>: the same lanes and order of sums.</summary>
    public static float ScalarExpSum(float* s, int n, float scale, float m)
    {
        int vectorEnd = n - (n % Lanes);
        Span<float> lanes = stackalloc float[Lanes];
        for (int i = 0; i < n; i++)
        {
            s[i] = FastExp.Scalar(MathF.FusedMultiplyAdd(s[i], scale, -m));
            if (i < vectorEnd)
            {
                lanes[i % Lanes] += s[i];
            }
        }

        float sum = 0f;
        for (int l = 0; l < Lanes; l++)
        {
            sum += lanes[l];
        }

        for (int i = vectorEnd; i < n; i++)
        {
            sum += s[i];
        }

        return sum;
    }
}
