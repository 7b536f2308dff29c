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

    public static void Avx2WeightedSum(float* p, ushort* values, long stride, int count, int headDim, float* output)
    {
        for (int d = 0; d < headDim; d += 32)
        {
            var o0 = Vector256<float>.Zero;
            var o1 = Vector256<float>.Zero;
            var o2 = Vector256<float>.Zero;
            var o3 = Vector256<float>.Zero;
            ushort* v = values + d;
            for (int j = 0; j < count; j++)
            {
                var pj = Vector256.Create(p[j]);
                o0 = Fma.MultiplyAdd(pj, DotF16.Load(v), o0);
                o1 = Fma.MultiplyAdd(pj, DotF16.Load(v + 8), o1);
                o2 = Fma.MultiplyAdd(pj, DotF16.Load(v + 16), o2);
                o3 = Fma.MultiplyAdd(pj, DotF16.Load(v + 24), o3);
                v += stride;
            }

            Avx.Store(output + d, o0);
            Avx.Store(output + d + 8, o1);
            Avx.Store(output + d + 16, o2);
            Avx.Store(output + d + 24, o3);
        }
    }
}
