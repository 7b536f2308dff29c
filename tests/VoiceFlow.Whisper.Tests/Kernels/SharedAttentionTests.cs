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
