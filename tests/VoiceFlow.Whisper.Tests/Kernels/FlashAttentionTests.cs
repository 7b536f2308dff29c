using VoiceFlow.Whisper.Kernels;

namespace VoiceFlow.Whisper.Tests.Kernels;

/// <summary>
/// The encoder's blocked (flash) attention: its tile and online-softmax kernels against their scalar twins
/// bit for bit, and whole blocks against attention computed in double precision over many key counts (1..70,
/// around every key-block and vector edge, the encoder's 1500), query block heights and head widths.
/// Stated tolerances, relative to the largest |value|: 1e-5 of the exact softmax (f32 scores up to ~40, exp, sums);
/// 1e-3 of the old path, which rounded the normalised probabilities to f16 (whisper.cpp's unfused graph).
/// Rerun with AVX2 off by <see cref="FallbackPathTests"/> (128-bit tile, scalar softmax).
/// </summary>
public unsafe class FlashAttentionTests
{
    private const float ExactTolerance = 1e-5f;
    private const float OldPathTolerance = 1e-3f;

    public static TheoryData<int, int> Shapes()
    {
        var data = new TheoryData<int, int>();
        foreach (int rows in new[] { 1, 5, 6, 7, 13, 72 })
        {
            data.Add(rows, 64);
        }

        data.Add(9, 40);
        data.Add(8, 8);
        data.Add(3, 1);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Block_matches_exact_attention_and_the_old_path_for_every_key_count(int rows, int hd)
    {
        int[] keyCounts = [.. Enumerable.Range(1, 70), 127, 128, 129, 191, 192, 193, 257, 1499, 1500];
        var rng = new Random((rows * 131) + hd);
        foreach (int ctx in keyCounts)
        {
            foreach (float spread in new[] { 1f, 4f })
            {
                var (exact, old) = Reference(rng, rows, hd, ctx, spread, out float[] got, out float maxV);
                for (int i = 0; i < exact.Length; i++)
                {
                    string what = $"rows {rows}, hd {hd}, ctx {ctx}, spread {spread}, [{i / hd}][{i % hd}]";
                    Assert.True(MathF.Abs(got[i] - (float)exact[i]) <= ExactTolerance * maxV, $"{what}: {got[i]} vs exact {exact[i]}");
                    Assert.True(MathF.Abs(got[i] - (float)old[i]) <= OldPathTolerance * maxV, $"{what}: {got[i]} vs old path {old[i]}");
                }
            }
        }
    }

    [Fact]
    public void Block_rejects_an_empty_or_too_tall_block()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Run(0, 64, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => Run(FlashAttention.QueryRows + 1, 64, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => Run(4, 64, 0));

        static void Run(int rows, int hd, int ctx)
        {
            using var scratch = new AlignedBuffer(FlashAttention.ScratchSize(hd));
            var q = new float[Math.Max(rows, 1) * hd];
            var o = new float[Math.Max(rows, 1) * hd];
            fixed (float* pq = q, po = o)
            {
                FlashAttention.Block(pq, hd, rows, hd, scratch.Pointer, scratch.Pointer, ctx, 0.125f, po, hd, scratch.Pointer);
            }
        }
    }

    [Fact]
    public void Tiles_are_their_scalar_twin_bit_for_bit()
    {
        var rng = new Random(41);
        foreach (int kc in new[] { 0, 1, 2, 7, 8, 9, 31, 64, 65, 200 })
        {
            for (int rows = 1; rows <= AttentionTile.MR; rows++)
            {
                foreach (bool rescale in new[] { false, true })
                {
                    int lda = kc + 3, ldc = AttentionTile.NR + 5;
                    float[] a = RandomFloats(rng, rows * lda, 2f);
                    using var b = new AlignedBuffer(Math.Max(1, kc) * AttentionTile.NR);
                    RandomFloats(rng, kc * AttentionTile.NR, 2f).CopyTo(new Span<float>(b.Pointer, kc * AttentionTile.NR));
                    float[] alpha = RandomFloats(rng, rows, 1f);
                    float[] start = RandomFloats(rng, rows * ldc, 3f);
                    float[] scalar = [.. start], v128 = [.. start], avx2 = [.. start];
                    fixed (float* pa = a, pw = alpha, ps = scalar, pv = v128, px = avx2)
                    {
                        float* w = rescale ? pw : null;
                        AttentionTile.Scalar(pa, lda, rows, b.Pointer, kc, ps, ldc, w);
                        AttentionTile.Vector128Rows(pa, lda, rows, b.Pointer, kc, pv, ldc, w);
                        if (SimdSupport.UseAvx2)
                        {
                            AttentionTile.Avx2(pa, lda, rows, b.Pointer, kc, px, ldc, w);
                        }
                    }

                    string what = $"kc {kc}, rows {rows}, rescale {rescale}";
                    Assert.True(scalar.AsSpan().SequenceEqual(v128), $"128-bit tile differs: {what}");
                    if (SimdSupport.UseAvx2)
                    {
                        Assert.True(scalar.AsSpan().SequenceEqual(avx2), $"AVX2 tile differs: {what}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Online_softmax_kernels_are_their_scalar_twins_bit_for_bit()
    {
        Assert.SkipUnless(SimdSupport.UseAvx2, "the AVX2 max and exp-sum");
        var rng = new Random(42);
        for (int n = 0; n <= 256; n++)
        {
            float[] x = RandomFloats(rng, n, 20f);
            float[] y = (float[])x.Clone();
            fixed (float* px = x, py = y)
            {
                Assert.Equal(OnlineSoftmax.ScalarMax(px, n), OnlineSoftmax.Avx2Max(py, n));
                float m = n == 0 ? 0f : OnlineSoftmax.ScalarMax(px, n) * 0.125f;
                float a = OnlineSoftmax.ScalarExpSum(px, n, 0.125f, m);
                float b = OnlineSoftmax.Avx2ExpSum(py, n, 0.125f, m);
                Assert.Equal(BitConverter.SingleToInt32Bits(a), BitConverter.SingleToInt32Bits(b));
            }

            Assert.True(x.AsSpan().SequenceEqual(y), $"exp row differs at length {n}");
        }
    }

    /// <summary>Runs one block on random f16-representable inputs; returns exact and old-path references in double.</summary>
    private static (double[] Exact, double[] Old) Reference(Random rng, int rows, int hd, int ctx, float spread, out float[] got, out float maxV)
    {
        float[] q = Halves(RandomFloats(rng, rows * hd, spread));
        float[] k = Halves(RandomFloats(rng, ctx * hd, spread));
        float[] v = Halves(RandomFloats(rng, ctx * hd, 1f));
        maxV = v.Max(MathF.Abs);
        float scale = 1f / MathF.Sqrt(hd);
        got = new float[rows * hd];
        using (var packedK = new AlignedBuffer(FlashAttention.PackedKeysSize(ctx, hd)))
        using (var packedV = new AlignedBuffer(FlashAttention.PackedValuesSize(ctx, hd)))
        using (var scratch = new AlignedBuffer(FlashAttention.ScratchSize(hd)))
        {
            fixed (float* pq = q, pk = k, pv = v, po = got)
            {
                FlashAttention.PackKeys(pk, hd, ctx, hd, packedK.Pointer);
                FlashAttention.PackValues(pv, hd, ctx, hd, packedV.Pointer);
                FlashAttention.Block(pq, hd, rows, hd, packedK.Pointer, packedV.Pointer, ctx, scale, po, hd, scratch.Pointer);
            }
        }

        var exact = new double[rows * hd];
        var old = new double[rows * hd];
        var p = new double[ctx];
        for (int r = 0; r < rows; r++)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < ctx; j++)
            {
                double dot = 0;
                for (int d = 0; d < hd; d++)
                {
                    dot += (double)q[(r * hd) + d] * k[(j * hd) + d];
                }

                p[j] = dot * scale;
                max = Math.Max(max, p[j]);
            }

            double sum = 0;
            for (int j = 0; j < ctx; j++)
            {
                p[j] = Math.Exp(p[j] - max);
                sum += p[j];
            }

            for (int j = 0; j < ctx; j++)
            {
                double prob = p[j] / sum;
                double rounded = (double)(Half)(float)prob;
                for (int d = 0; d < hd; d++)
                {
                    exact[(r * hd) + d] += prob * v[(j * hd) + d];
                    old[(r * hd) + d] += rounded * v[(j * hd) + d];
                }
            }
        }

        return (exact, old);
    }

    private static float[] Halves(float[] x) => [.. x.Select(f => (float)(Half)f)];

    private static float[] RandomFloats(Random rng, int n, float scale) =>
        [.. Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() - 0.5) * 2 * scale))];
}
