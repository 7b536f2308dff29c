using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VoiceFlow.Whisper.Kernels;

/// <summary>
/// <see cref="AttentionF16"/> for several queries over one f16 key/value store (the beams of a step over the encoder's
/// cross-attention cache): each key and value row is read and widened once for all queries instead of once per query.
/// Every query's numbers are those of <see cref="AttentionF16"/> alone, bit for bit: the same multiply-adds into the
/// same accumulators in the same order, only interleaved across queries.
/// </summary>
internal static unsafe class SharedAttentionF16
{
    /// <summary>Most queries one pass over the values serves (two accumulators each, plus the widened row, fit the 16 registers).</summary>
    public const int ValueGroup = 5;

    /// <summary>
    /// <c>scores[t * scoreStride + j] = K[j]·q_t</c> for <paramref name="queries"/> queries at
    /// <c>q + t * queryStride</c>, as <see cref="AttentionF16.Scores"/> gives each.
    /// </summary>
    public static void Scores(ushort* keys, long stride, int count, float* q, long queryStride, int queries, int headDim, float* scores, long scoreStride)
    {
        if (SimdSupport.UseAvx2 && headDim == 64)
        {
            Avx2Scores64(keys, stride, count, q, queryStride, queries, scores, scoreStride);
            return;
        }

        for (int t = 0; t < queries; t++)
        {
            AttentionF16.Scores(keys, stride, count, q + (t * queryStride), headDim, scores + (t * scoreStride));
        }
    }

    /// <summary>
    /// <c>o_t = Σ p_t[j]·V[j]</c> for <paramref name="queries"/> probability rows at <c>p + t * pStride</c>, written to
    /// <c>output + t * outputStride</c>, as <see cref="AttentionF16.WeightedSum"/> gives each.
    /// </summary>
    public static void WeightedSum(float* p, long pStride, int queries, ushort* values, long stride, int count, int headDim, float* output, long outputStride)
    {
        if (!SimdSupport.UseAvx2 || headDim % 32 != 0 || queries == 1)
        {
            for (int t = 0; t < queries; t++)
            {
                AttentionF16.WeightedSum(p + (t * pStride), values, stride, count, headDim, output + (t * outputStride));
            }

            return;
        }

        Avx2WeightedSums<ExactWidening>(p, pStride, queries, values, stride, count, headDim, output, outputStride);
    }

    private static void Avx2WeightedSums<TWiden>(float* p, long pStride, int queries, ushort* values, long stride, int count, int headDim, float* output, long outputStride)
        where TWiden : struct, IHalfWidening
    {
        for (int t = 0; t < queries; t += ValueGroup)
        {
            int group = Math.Min(ValueGroup, queries - t);
            float* pt = p + (t * pStride);
            float* ot = output + (t * outputStride);
            switch (group)
            {
                case 1: AttentionF16.Avx2WeightedSum<TWiden>(pt, values, stride, count, headDim, ot); break;
                case 2: Avx2WeightedSum<GroupOf2, TWiden>(pt, pStride, values, stride, count, headDim, ot, outputStride); break;
                case 3: Avx2WeightedSum<GroupOf3, TWiden>(pt, pStride, values, stride, count, headDim, ot, outputStride); break;
                case 4: Avx2WeightedSum<GroupOf4, TWiden>(pt, pStride, values, stride, count, headDim, ot, outputStride); break;
                default: Avx2WeightedSum<GroupOf5, TWiden>(pt, pStride, values, stride, count, headDim, ot, outputStride); break;
            }
        }
    }

    /// <summary>
    /// <see cref="Scores"/> (AVX2, head size 64) with queries pre-scaled by 2^112 (<see cref="ScaledWidening.PreScale"/>):
    /// the same bits, the keys widened without a multiply.
    /// </summary>
    public static void Avx2Scores64PreScaled(ushort* keys, long stride, int count, float* qScaled, long queryStride, int queries, float* scores, long scoreStride) =>
        Avx2Scores64<ScaledWidening>(keys, stride, count, qScaled, queryStride, queries, scores, scoreStride);

    /// <summary>
    /// <see cref="WeightedSum"/> (AVX2, head size a multiple of 32) with probabilities pre-scaled by 2^112
    /// (<see cref="ScaledWidening.PreScale"/>): the same bits, the values widened without a multiply.
    /// </summary>
    public static void Avx2WeightedSumPreScaled(float* pScaled, long pStride, int queries, ushort* values, long stride, int count, int headDim, float* output, long outputStride) =>
        Avx2WeightedSums<ScaledWidening>(pScaled, pStride, queries, values, stride, count, headDim, output, outputStride);

    /// <summary>Head size 64 (every Whisper model's): a key row is 8 widened vectors, held in registers for all queries.</summary>
    public static void Avx2Scores64(ushort* keys, long stride, int count, float* q, long queryStride, int queries, float* scores, long scoreStride) =>
        Avx2Scores64<ExactWidening>(keys, stride, count, q, queryStride, queries, scores, scoreStride);

    private static void Avx2Scores64<TWiden>(ushort* keys, long stride, int count, float* q, long queryStride, int queries, float* scores, long scoreStride)
        where TWiden : struct, IHalfWidening
    {
        for (int j = 0; j < count; j++)
        {
            ushort* k = keys + (j * stride);
            var k0 = TWiden.Load(k);
            var k1 = TWiden.Load(k + 8);
            var k2 = TWiden.Load(k + 16);
            var k3 = TWiden.Load(k + 24);
            var k4 = TWiden.Load(k + 32);
            var k5 = TWiden.Load(k + 40);
            var k6 = TWiden.Load(k + 48);
            var k7 = TWiden.Load(k + 56);
            float* qt = q;
            float* st = scores + j;
            for (int t = 0; t < queries; t++)
            {
                // AttentionF16.Avx2Scores' order: two accumulators, alternating, 32 columns per round.
                var acc0 = Fma.MultiplyAdd(k0, Avx.LoadVector256(qt), Vector256<float>.Zero);
                var acc1 = Fma.MultiplyAdd(k1, Avx.LoadVector256(qt + 8), Vector256<float>.Zero);
                acc0 = Fma.MultiplyAdd(k2, Avx.LoadVector256(qt + 16), acc0);
                acc1 = Fma.MultiplyAdd(k3, Avx.LoadVector256(qt + 24), acc1);
                acc0 = Fma.MultiplyAdd(k4, Avx.LoadVector256(qt + 32), acc0);
                acc1 = Fma.MultiplyAdd(k5, Avx.LoadVector256(qt + 40), acc1);
                acc0 = Fma.MultiplyAdd(k6, Avx.LoadVector256(qt + 48), acc0);
                acc1 = Fma.MultiplyAdd(k7, Avx.LoadVector256(qt + 56), acc1);
                *st = Vector256.Sum(acc0 + acc1);
                qt += queryStride;
                st += scoreStride;
            }
        }
    }

    /// <summary>
    /// 16 output columns at a time for <typeparamref name="TGroup"/>.Count queries: two accumulators per query stay in
    /// registers over all rows, each value row's 16 columns are widened once for them all.
    /// </summary>
    private static void Avx2WeightedSum<TGroup, TWiden>(float* p, long pStride, ushort* values, long stride, int count, int headDim, float* output, long outputStride)
        where TGroup : struct, IGroupSize
        where TWiden : struct, IHalfWidening
    {
        int n = TGroup.Count;
        float* p0 = p, p1 = p + pStride, p2 = n > 2 ? p + (2 * pStride) : p, p3 = n > 3 ? p + (3 * pStride) : p, p4 = n > 4 ? p + (4 * pStride) : p;
        for (int d = 0; d < headDim; d += 16)
        {
            Vector256<float> a0 = default, b0 = default, a1 = default, b1 = default, a2 = default, b2 = default;
            Vector256<float> a3 = default, b3 = default, a4 = default, b4 = default;
            ushort* v = values + d;
            for (int j = 0; j < count; j++)
            {
                var w0 = TWiden.Load(v);
                var w1 = TWiden.Load(v + 8);
                var s = Vector256.Create(p0[j]);
                a0 = Fma.MultiplyAdd(s, w0, a0);
                b0 = Fma.MultiplyAdd(s, w1, b0);
                s = Vector256.Create(p1[j]);
                a1 = Fma.MultiplyAdd(s, w0, a1);
                b1 = Fma.MultiplyAdd(s, w1, b1);
                if (n > 2)
                {
                    s = Vector256.Create(p2[j]);
                    a2 = Fma.MultiplyAdd(s, w0, a2);
                    b2 = Fma.MultiplyAdd(s, w1, b2);
                }

                if (n > 3)
                {
                    s = Vector256.Create(p3[j]);
                    a3 = Fma.MultiplyAdd(s, w0, a3);
                    b3 = Fma.MultiplyAdd(s, w1, b3);
                }

                if (n > 4)
                {
                    s = Vector256.Create(p4[j]);
                    a4 = Fma.MultiplyAdd(s, w0, a4);
                    b4 = Fma.MultiplyAdd(s, w1, b4);
                }

                v += stride;
            }

            float* o = output + d;
            Avx.Store(o, a0);
            Avx.Store(o + 8, b0);
            Avx.Store(o + outputStride, a1);
            Avx.Store(o + outputStride + 8, b1);
            if (n > 2)
            {
                Avx.Store(o + (2 * outputStride), a2);
                Avx.Store(o + (2 * outputStride) + 8, b2);
            }

            if (n > 3)
            {
                Avx.Store(o + (3 * outputStride), a3);
                Avx.Store(o + (3 * outputStride) + 8, b3);
            }

            if (n > 4)
            {
                Avx.Store(o + (4 * outputStride), a4);
                Avx.Store(o + (4 * outputStride) + 8, b4);
            }
        }
    }
}
