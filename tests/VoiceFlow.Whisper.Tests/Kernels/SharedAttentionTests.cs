using VoiceFlow.Whisper.Kernels;

namespace VoiceFlow.Whisper.Tests.Kernels;

/// <summary>
/// Several queries over one key/value store (the beams of a step over the cross-attention cache) give each query
/// exactly what <see cref="AttentionF16"/> gives it alone, for every store length 0..200, 1..8 queries, the head size
/// of every Whisper model (64, the register-held key path) and others (the per-query fallback).
/// </summary>
public unsafe class SharedAttentionTests
{
    private const int MaxCount = 200;
    private const int MaxQueries = 8;

    [Theory]
    [InlineData(64)]
    [InlineData(32)]
    [InlineData(96)]
    [InlineData(40)]
    public void Every_query_gets_its_own_scores_and_sums_bit_for_bit(int headDim)
    {
        var rng = new Random(71 + headDim);
        int stride = 3 * headDim;
        ushort[] kv = Enumerable.Range(0, (MaxCount * stride) + headDim)
            .Select(_ => BitConverter.HalfToUInt16Bits((Half)((rng.NextDouble() - 0.5) * 4))).ToArray();
        long qStride = headDim + 3, outStride = headDim + 5;
        float[] q = RandomFloats(rng, (int)(MaxQueries * qStride));
        float[] p = RandomFloats(rng, MaxQueries * MaxCount);
        fixed (ushort* pkv = kv)
        fixed (float* pq = q, pp = p)
        {
            for (int queries = 1; queries <= MaxQueries; queries++)
            {
                for (int n = 0; n <= MaxCount; n += n < 40 ? 1 : 17)
                {
                    float[] expected = new float[queries * Math.Max(n, (int)outStride)];
                    float[] actual = new float[expected.Length];
                    fixed (float* pe = expected, pa = actual)
                    {
                        for (int t = 0; t < queries; t++)
                        {
                            AttentionF16.Scores(pkv + 7, stride, n, pq + (t * qStride), headDim, pe + (t * n));
                        }

                        SharedAttentionF16.Scores(pkv + 7, stride, n, pq, qStride, queries, headDim, pa, n);
                        AssertBits(expected, actual, $"scores, {queries} queries, n={n}");

                        Array.Clear(expected);
                        Array.Clear(actual);
                        for (int t = 0; t < queries; t++)
                        {
                            AttentionF16.WeightedSum(pp + (t * n), pkv + 11, stride, n, headDim, pe + (t * outStride));
                        }

                        SharedAttentionF16.WeightedSum(pp, n, queries, pkv + 11, stride, n, headDim, pa, outStride);
                        AssertBits(expected, actual, $"weighted sums, {queries} queries, n={n}");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(64)]
    [InlineData(96)]
    public void Pre_scaled_queries_and_probabilities_give_the_same_bits(int headDim)
    {
        Assert.SkipUnless(SimdSupport.UseAvx2, "the pre-scaled widening is an AVX2 path");
        var rng = new Random(91 + headDim);
        int stride = 2 * headDim;
        // Every f16 bit pattern as keys and values (subnormals, the largest halves), probabilities rounded to f16.
        ushort[] kv = [.. Enumerable.Range(0, (MaxCount * stride) + headDim).Select(_ => (ushort)rng.Next(0x10000))];
        float[] q = RandomFloats(rng, MaxQueries * headDim);
        float[] p = [.. Enumerable.Range(0, MaxQueries * MaxCount).Select(_ => (float)(Half)rng.NextDouble())];
        float[] qScaled = new float[q.Length], pScaled = new float[p.Length];
        fixed (ushort* pkv = kv)
        fixed (float* pq = q, pp = p, pqs = qScaled, pps = pScaled)
        {
            Assert.True(ScaledWidening.PreScale(pq, pqs, q.Length));
            Assert.True(ScaledWidening.PreScale(pp, pps, p.Length));
            for (int queries = 1; queries <= MaxQueries; queries++)
            {
                for (int n = 0; n <= MaxCount; n += n < 40 ? 1 : 17)
                {
                    float[] expected = new float[queries * Math.Max(n, headDim)];
                    float[] actual = new float[expected.Length];
                    fixed (float* pe = expected, pa = actual)
                    {
                        if (headDim == 64)
                        {
                            SharedAttentionF16.Avx2Scores64(pkv + 3, stride, n, pq, headDim, queries, pe, n);
                            SharedAttentionF16.Avx2Scores64PreScaled(pkv + 3, stride, n, pqs, headDim, queries, pa, n);
                            AssertBits(expected, actual, $"scores, {queries} queries, n={n}");
                        }

                        SharedAttentionF16.WeightedSum(pp, n, queries, pkv + 5, stride, n, headDim, pe, headDim);
                        SharedAttentionF16.Avx2WeightedSumPreScaled(pps, n, queries, pkv + 5, stride, n, headDim, pa, headDim);
                        AssertBits(expected, actual, $"weighted sums, {queries} queries, n={n}");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(64)]
    [InlineData(32)]
    [InlineData(96)]
    [InlineData(128)]
    public void One_query_weighted_sum_is_each_columns_fused_multiply_adds_in_order(int headDim)
    {
        // The AVX2 weighted sum, whatever its column blocking (64 per pass, then 32), gives each output column the
        // fused multiply-adds p[j]·V[j][d] for j = 0.. in order: a scalar loop of Math.FusedMultiplyAdd, bit for bit.
        Assert.SkipUnless(SimdSupport.UseAvx2, "the blocked weighted sum is an AVX2 path");
        var rng = new Random(33 + headDim);
        int stride = headDim + 24;
        ushort[] v = [.. Enumerable.Range(0, (MaxCount * stride) + headDim).Select(_ => BitConverter.HalfToUInt16Bits((Half)((rng.NextDouble() - 0.5) * 4)))];
        float[] p = [.. Enumerable.Range(0, MaxCount).Select(_ => (float)(Half)rng.NextDouble())];
        float[] expected = new float[headDim], actual = new float[headDim], pScaled = new float[MaxCount];
        fixed (ushort* pv = v)
        fixed (float* pp = p, pa = actual, ps = pScaled)
        {
            Assert.True(ScaledWidening.PreScale(pp, ps, MaxCount));
            for (int n = 0; n <= MaxCount; n += n < 40 ? 1 : 13)
            {
                for (int d = 0; d < headDim; d++)
                {
                    float o = 0;
                    for (int j = 0; j < n; j++)
                    {
                        o = MathF.FusedMultiplyAdd(p[j], HalfBits.ToSingle(v[(j * stride) + d]), o);
                    }

                    expected[d] = o;
                }

                AttentionF16.Avx2WeightedSum(pp, pv, stride, n, headDim, pa);
                AssertBits(expected, actual, $"exact widening, n={n}");
                Array.Clear(actual);
                SharedAttentionF16.Avx2WeightedSumPreScaled(ps, n, 1, pv, stride, n, headDim, pa, headDim);
                AssertBits(expected, actual, $"pre-scaled, n={n}");
            }
        }
    }

    [Fact]
    public void The_shared_scores_are_the_scalar_ones_within_rounding()
    {
        // The bit-for-bit test above ties the batch to the per-query kernel; this ties both to the scalar reference.
        var rng = new Random(5);
        const int headDim = 64, n = 150, queries = 3;
        ushort[] k = Enumerable.Range(0, n * headDim).Select(_ => BitConverter.HalfToUInt16Bits((Half)(rng.NextDouble() - 0.5))).ToArray();
        float[] q = RandomFloats(rng, queries * headDim);
        float[] expected = new float[queries * n], actual = new float[queries * n];
        fixed (ushort* pk = k)
        fixed (float* pq = q, pe = expected, pa = actual)
        {
            for (int t = 0; t < queries; t++)
            {
                AttentionF16.ScalarScores(pk, headDim, n, pq + (t * headDim), headDim, pe + (t * n));
            }

            SharedAttentionF16.Scores(pk, headDim, n, pq, headDim, queries, headDim, pa, n);
        }

        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= 1e-4f, $"score {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    private static float[] RandomFloats(Random rng, int n) =>
        Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() - 0.5) * 2)).ToArray();

    private static void AssertBits(float[] expected, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(BitConverter.SingleToUInt32Bits(expected[i]) == BitConverter.SingleToUInt32Bits(actual[i]),
                $"{what} [{i}]: expected {expected[i]}, got {actual[i]}");
        }
    }
}
