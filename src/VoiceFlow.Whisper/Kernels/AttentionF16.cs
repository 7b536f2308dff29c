using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VoiceFlow.Whisper.Kernels;

/// <summary>
/// The two halves of one query's attention over an f16 key/value store with row stride
/// <c>stride</c>: scores <c>s[j] = K[j]·q</c>, and the weighted sum <c>o = Σ p[j]·V[j]</c>. The AVX2
/// versions keep the output columns in registers (32 at a time) so each value row is read once.
/// </summary>
internal static unsafe class AttentionF16
{
    public static void Scores(ushort* keys, long stride, int count, float* q, int headDim, float* scores)
    {
        if (SimdSupport.UseAvx2 && headDim % 32 == 0)
        {
            Avx2Scores(keys, stride, count, q, headDim, scores);
        }
        else if (SimdSupport.UseVector128)
        {
            for (int j = 0; j < count; j++)
            {
                scores[j] = DotF16.Vector128Dot(keys + (j * stride), q, headDim);
            }
        }
        else
        {
            ScalarScores(keys, stride, count, q, headDim, scores);
        }
    }

    public static void WeightedSum(float* p, ushort* values, long stride, int count, int headDim, float* output)
    {
        if (SimdSupport.UseAvx2 && headDim % 32 == 0)
        {
            Avx2WeightedSum(p, values, stride, count, headDim, output);
            return;
        }

        new Span<float>(output, headDim).Clear();
        for (int j = 0; j < count; j++)
        {
            if (SimdSupport.UseVector128)
            {
                AxpyF16.Vector128Axpy(p[j], values + (j * stride), output, headDim);
            }
            else
            {
                AxpyF16.Scalar(p[j], values + (j * stride), output, headDim);
            }
        }
    }

    public static void ScalarScores(ushort* keys, long stride, int count, float* q, int headDim, float* scores)
    {
        for (int j = 0; j < count; j++)
        {
            scores[j] = DotF16.Scalar(keys + (j * stride), q, headDim);
        }
    }

    public static void ScalarWeightedSum(float* p, ushort* values, long stride, int count, int headDim, float* output)
    {
        new Span<float>(output, headDim).Clear();
        for (int j = 0; j < count; j++)
        {
            AxpyF16.Scalar(p[j], values + (j * stride), output, headDim);
        }
    }

    public static void Avx2Scores(ushort* keys, long stride, int count, float* q, int headDim, float* scores)
    {
        for (int j = 0; j < count; j++)
        {
            ushort* k = keys + (j * stride);
            var acc0 = Vector256<float>.Zero;
            var acc1 = Vector256<float>.Zero;
            for (int d = 0; d < headDim; d += 32)
            {
                acc0 = Fma.MultiplyAdd(DotF16.Load(k + d), Avx.LoadVector256(q + d), acc0);
                acc1 = Fma.MultiplyAdd(DotF16.Load(k + d + 8), Avx.LoadVector256(q + d + 8), acc1);
                acc0 = Fma.MultiplyAdd(DotF16.Load(k + d + 16), Avx.LoadVector256(q + d + 16), acc0);
                acc1 = Fma.MultiplyAdd(DotF16.Load(k + d + 24), Avx.LoadVector256(q + d + 24), acc1);
            }

            scores[j] = Vector256.Sum(acc0 + acc1);
        }
    }

    public static void Avx2WeightedSum(float* p, ushort* values, long stride, int count, int headDim, float* output) =>
        Avx2WeightedSum<ExactWidening>(p, values, stride, count, headDim, output);

    /// <summary>
    /// <see cref="Avx2WeightedSum(float*, ushort*, long, int, int, float*)"/> with the values widened by
    /// <typeparamref name="TWiden"/> (<see cref="ScaledWidening"/> takes probabilities pre-scaled by 2^112; same bits).
    /// </summary>
    public static void Avx2WeightedSum<TWiden>(float* p, ushort* values, long stride, int count, int headDim, float* output)
        where TWiden : struct, IHalfWidening
    {
        // 64 columns per pass: each value row is read once for a whole head of 64 (every Whisper model's) and eight
        // independent chains hide the multiply-add latency. Each column keeps its own order, so the bits do not change.
        int d = 0;
        for (; d + 64 <= headDim; d += 64)
        {
            Avx2Columns<GroupOf2, TWiden>(p, values + d, stride, count, output + d);
        }

        for (; d < headDim; d += 32)
        {
            Avx2Columns<GroupOf1, TWiden>(p, values + d, stride, count, output + d);
        }
    }

    /// <summary><typeparamref name="TBlocks"/>.Count (1 or 2) blocks of 32 output columns, accumulated over all rows in registers.</summary>
    private static void Avx2Columns<TBlocks, TWiden>(float* p, ushort* v, long stride, int count, float* o)
        where TBlocks : struct, IGroupSize
        where TWiden : struct, IHalfWidening
    {
        bool two = TBlocks.Count > 1;
        Vector256<float> o0 = default, o1 = default, o2 = default, o3 = default;
        Vector256<float> o4 = default, o5 = default, o6 = default, o7 = default;
        for (int j = 0; j < count; j++)
        {
            var pj = Vector256.Create(p[j]);
            o0 = Fma.MultiplyAdd(pj, TWiden.Load(v), o0);
            o1 = Fma.MultiplyAdd(pj, TWiden.Load(v + 8), o1);
            o2 = Fma.MultiplyAdd(pj, TWiden.Load(v + 16), o2);
            o3 = Fma.MultiplyAdd(pj, TWiden.Load(v + 24), o3);
            if (two)
            {
                o4 = Fma.MultiplyAdd(pj, TWiden.Load(v + 32), o4);
                o5 = Fma.MultiplyAdd(pj, TWiden.Load(v + 40), o5);
                o6 = Fma.MultiplyAdd(pj, TWiden.Load(v + 48), o6);
                o7 = Fma.MultiplyAdd(pj, TWiden.Load(v + 56), o7);
            }

            v += stride;
        }

        Avx.Store(o, o0);
        Avx.Store(o + 8, o1);
        Avx.Store(o + 16, o2);
        Avx.Store(o + 24, o3);
        if (two)
        {
            Avx.Store(o + 32, o4);
            Avx.Store(o + 40, o5);
            Avx.Store(o + 48, o6);
            Avx.Store(o + 56, o7);
        }
    }
}
