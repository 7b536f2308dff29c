using System.Runtime.Intrinsics;
using VoiceFlow.Whisper.Kernels;

namespace VoiceFlow.Whisper.Tests.Kernels;

/// <summary>
/// Every SIMD kernel against its scalar reference for every length 0..256 (block kernels: 0..8 blocks
/// of 32), on the AVX2 and 128-bit paths where the CPU has them.
/// </summary>
public unsafe class KernelSweepTests
{
    private const int MaxLength = 256;

    [Fact]
    public void DotF16_matches_scalar()
    {
        var rng = new Random(11);
        ushort[] w = RandomHalves(rng, MaxLength);
        float[] x = RandomFloats(rng, MaxLength, 2f);
        fixed (ushort* pw = w)
        fixed (float* px = x)
        {
            for (int n = 0; n <= MaxLength; n++)
            {
                float expected = DotF16.Scalar(pw, px, n);
                float tol = 1e-5f * (1 + n);
                AssertClose(expected, DotF16.Vector128Dot(pw, px, n), tol, $"v128 n={n}");
                if (SimdSupport.UseAvx2)
                {
                    AssertClose(expected, DotF16.Avx2Dot(pw, px, n), tol, $"avx2 n={n}");
                }
            }
        }
    }

    [Fact]
    public void DotF16_of_several_rows_is_each_rows_own_dot_bit_for_bit()
    {
        Assert.SkipUnless(SimdSupport.UseAvx2, "the grouped dot is the AVX2 batch path");
        const int maxRows = 8;
        var rng = new Random(13);
        ushort[] w = RandomHalves(rng, MaxLength);
        long stride = MaxLength + 3;
        float[] x = RandomFloats(rng, (int)(maxRows * stride), 2f);
        float[] results = new float[maxRows];
        fixed (ushort* pw = w)
        fixed (float* px = x, pr = results)
        {
            for (int rows = 1; rows <= maxRows; rows++)
            {
                for (int n = 0; n <= MaxLength; n++)
                {
                    Array.Fill(results, float.NaN);
                    DotF16.Avx2DotRows(pw, px, stride, rows, n, pr);
                    for (int t = 0; t < rows; t++)
                    {
                        float alone = DotF16.Avx2Dot(pw, px + (t * stride), n);
                        Assert.True(BitConverter.SingleToUInt32Bits(alone) == BitConverter.SingleToUInt32Bits(results[t]),
                            $"{rows} rows, n={n}, row {t}: alone {alone}, grouped {results[t]}");
                        AssertClose(DotF16.Scalar(pw, px + (t * stride), n), results[t], 1e-5f * (1 + n), $"scalar, {rows} rows, n={n}, row {t}");
                    }

                    Assert.True(float.IsNaN(results[rows..].DefaultIfEmpty(float.NaN).First()), "wrote past its rows");
                }
            }
        }
    }

    [Fact]
    public void AxpyF16_matches_scalar()
    {
        var rng = new Random(12);
        ushort[] w = RandomHalves(rng, MaxLength);
        float[] y0 = RandomFloats(rng, MaxLength, 1f);
        for (int n = 0; n <= MaxLength; n++)
        {
            float[] expected = (float[])y0.Clone();
            float[] v128 = (float[])y0.Clone();
            float[] avx = (float[])y0.Clone();
            fixed (ushort* pw = w)
            fixed (float* pe = expected, pv = v128, pa = avx)
            {
                AxpyF16.Scalar(0.37f, pw, pe, n);
                AxpyF16.Vector128Axpy(0.37f, pw, pv, n);
                if (SimdSupport.UseAvx2)
                {
                    AxpyF16.Avx2Axpy(0.37f, pw, pa, n);
                }
                else
                {
                    AxpyF16.Scalar(0.37f, pw, pa, n);
                }
            }

            AssertAllClose(expected, v128, 1e-6f, $"v128 n={n}");
            AssertAllClose(expected, avx, 1e-6f, $"avx2 n={n}");
        }
    }

    [Theory]
    [InlineData(64)]
    [InlineData(40)]
    public void Attention_scores_and_weighted_sums_match_scalar(int headDim)
    {
        var rng = new Random(18 + headDim);
        const int stride = 3 * 64;
        ushort[] kv = RandomHalves(rng, (MaxLength * stride) + headDim);
        float[] q = RandomFloats(rng, headDim, 1f);
        float[] p = RandomFloats(rng, MaxLength, 1f);
        fixed (ushort* pkv = kv)
        fixed (float* pq = q, pp = p)
        {
            for (int n = 0; n <= MaxLength; n++)
            {
                float[] expected = new float[Math.Max(n, headDim)], actual = new float[Math.Max(n, headDim)];
                fixed (float* pe = expected, pa = actual)
                {
                    AttentionF16.ScalarScores(pkv + 5, stride, n, pq, headDim, pe);
                    AttentionF16.Scores(pkv + 5, stride, n, pq, headDim, pa);
                    AssertAllClose(expected, actual, 1e-4f, $"scores n={n}");
                    AttentionF16.ScalarWeightedSum(pp, pkv + 5, stride, n, headDim, pe);
                    AttentionF16.WeightedSum(pp, pkv + 5, stride, n, headDim, pa);
                    AssertAllClose(expected, actual, 1e-4f * (1 + n), $"weighted sum n={n}");
                    if (SimdSupport.UseAvx2 && headDim % 32 == 0)
                    {
                        AttentionF16.Avx2WeightedSum(pp, pkv + 5, stride, n, headDim, pa);
                        AssertAllClose(expected, actual, 1e-4f * (1 + n), $"avx2 weighted sum n={n}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Sign_extended_widening_equals_the_zero_extended_one_for_every_pattern()
    {
        Assert.SkipUnless(System.Runtime.Intrinsics.X86.Avx2.IsSupported, "needs AVX2");
        ushort[] all = new ushort[65536];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = (ushort)i;
        }

        fixed (ushort* p = all)
        {
            for (int i = 0; i < all.Length; i += 8)
            {
                var expected = HalfBits.ToSingle(System.Runtime.Intrinsics.X86.Avx2.ConvertToVector256Int32(p + i).AsUInt32());
                var actual = DotF16.Load(p + i);
                Assert.Equal(expected.AsUInt32(), actual.AsUInt32());
            }
        }
    }

    [Fact]
    public void Half_conversions_match_System_Half_for_every_pattern()
    {
        for (int i = 0; i < 65536; i++)
        {
            var h = BitConverter.UInt16BitsToHalf((ushort)i);
            if (Half.IsNaN(h) || Half.IsInfinity(h))
            {
                continue;
            }

            Assert.Equal((float)h, HalfBits.ToSingle((ushort)i));
        }

        var rng = new Random(13);
        float[] x = new float[4096];
        for (int i = 0; i < x.Length; i++)
        {
            // Normal and subnormal f16 ranges, both signs.
            x[i] = (float)((rng.NextDouble() - 0.5) * Math.Pow(2, rng.Next(-30, 16)));
        }

        float[] scalar = new float[x.Length], v128 = new float[x.Length], v256 = new float[x.Length];
        fixed (float* px = x, ps = scalar, p1 = v128, p2 = v256)
        {
            RoundToHalf.Scalar(px, ps, x.Length);
            RoundToHalf.Vector128Round(px, p1, x.Length);
            RoundToHalf.Vector256Round(px, p2, x.Length);
        }

        Assert.Equal(scalar, v128);
        Assert.Equal(scalar, v256);
    }

    [Fact]
    public void Gelu_matches_table_reference_exactly()
    {
        var rng = new Random(14);
        for (int n = 0; n <= MaxLength; n++)
        {
            float[] x = RandomFloats(rng, n, 24f);
            float[] expected = x.Select(Gelu.Scalar).ToArray();
            float[] v128 = (float[])x.Clone(), avx = (float[])x.Clone();
            fixed (float* p1 = v128, p2 = avx)
            {
                Gelu.Vector128Apply(p1, n);
                if (SimdSupport.UseAvx2)
                {
                    Gelu.Avx2Apply(p2, n);
                }
                else
                {
                    Gelu.Scalar(p2, n);
                }
            }

            Assert.Equal(expected, v128);
            Assert.Equal(expected, avx);
        }

        // The table approximates the f32 formula to f16 precision.
        Assert.InRange(Gelu.Scalar(1f), Gelu.Exact(1f) - 1e-3f, Gelu.Exact(1f) + 1e-3f);
        Assert.Equal(0f, Gelu.Scalar(-11f));
        Assert.Equal(12f, Gelu.Scalar(12f));
    }

    [Fact]
    public void LayerNorm_and_softmax_match_scalar()
    {
        var rng = new Random(15);
        for (int n = 1; n <= MaxLength; n++)
        {
            float[] x = RandomFloats(rng, n, 3f), w = RandomFloats(rng, n, 1f), b = RandomFloats(rng, n, 1f);
            float[] expected = new float[n], actual = new float[n];
            fixed (float* px = x, pw = w, pb = b, pe = expected, pa = actual)
            {
                LayerNorm.Scalar(px, pe, pw, pb, n);
                LayerNorm.Vector128Apply(px, pa, pw, pb, n);
            }

            AssertAllClose(expected, actual, 1e-5f, $"layernorm n={n}");

            float[] s1 = (float[])x.Clone(), s2 = (float[])x.Clone();
            fixed (float* p1 = s1, p2 = s2)
            {
                Softmax.Scalar(p1, n, 0.125f, roundToHalf: false);
                if (SimdSupport.UseVector128)
                {
                    Softmax.Apply(p2, n, 0.125f, roundToHalf: false);
                }
                else
                {
                    Softmax.Scalar(p2, n, 0.125f, roundToHalf: false);
                }
            }

            AssertAllClose(s1, s2, 1e-6f, $"softmax n={n}");
            Assert.InRange(s2.Sum(), 0.9999f, 1.0001f);
        }
    }

    [Fact]
    public void Q8_quantization_matches_scalar_and_round_trips()
    {
        var rng = new Random(16);
        for (int blocks = 0; blocks <= MaxLength / 32; blocks++)
        {
            int n = blocks * 32;
            float[] x = RandomFloats(rng, n, 5f);
            sbyte[] q1 = new sbyte[n], q2 = new sbyte[n];
            float[] d1 = new float[blocks], d2 = new float[blocks], s1 = new float[blocks], s2 = new float[blocks];
            fixed (float* px = x, pd1 = d1, pd2 = d2, ps1 = s1, ps2 = s2)
            fixed (sbyte* pq1 = q1, pq2 = q2)
            {
                QuantizeQ8.Scalar(px, n, pq1, pd1, ps1);
                QuantizeQ8.Vector128Quantize(px, n, pq2, pd2, ps2);
            }

            Assert.Equal(q1, q2);
            Assert.Equal(d1, d2);
            Assert.Equal(s1, s2);
            for (int i = 0; i < n; i++)
            {
                Assert.InRange(MathF.Abs((d1[i / 32] * q1[i]) - x[i]), 0f, d1[i / 32] * 0.51f + 1e-3f);
            }
        }
    }

    [Theory]
    [InlineData("q8_0")]
    [InlineData("q4_0")]
    [InlineData("q5_0")]
    [InlineData("q4_1")]
    [InlineData("q5_1")]
    public void Quantized_dots_match_scalar_and_dequantized_reference(string type)
    {
        var rng = new Random(type.GetHashCode(StringComparison.Ordinal));
        int blockBytes = type switch { "q8_0" => 34, "q4_0" => 18, "q5_0" => 22, "q4_1" => 20, _ => 24 };
        var ggmlType = type switch
        {
            "q8_0" => VoiceFlow.Whisper.Ggml.GgmlType.Q8_0,
            "q4_0" => VoiceFlow.Whisper.Ggml.GgmlType.Q4_0,
            "q5_0" => VoiceFlow.Whisper.Ggml.GgmlType.Q5_0,
            "q4_1" => VoiceFlow.Whisper.Ggml.GgmlType.Q4_1,
            _ => VoiceFlow.Whisper.Ggml.GgmlType.Q5_1,
        };
        for (int blocks = 0; blocks <= MaxLength / 32; blocks++)
        {
            int n = blocks * 32;
            byte[] w = new byte[blocks * blockBytes];
            rng.NextBytes(w);
            for (int b = 0; b < blocks; b++)
            {
                // Sane f16 scales (d, and m for the _1 types) instead of random bit patterns.
                WriteHalf(w, b * blockBytes, (float)(rng.NextDouble() * 0.02));
                if (type.EndsWith("_1", StringComparison.Ordinal))
                {
                    WriteHalf(w, (b * blockBytes) + 2, (float)((rng.NextDouble() - 0.5) * 0.1));
                }
            }

            float[] x = RandomFloats(rng, n, 2f);
            sbyte[] q = new sbyte[n];
            float[] d = new float[blocks], s = new float[blocks], wf = new float[n];
            fixed (byte* pw = w)
            fixed (float* px = x, pd = d, ps = s, pwf = wf)
            fixed (sbyte* pq = q)
            {
                QuantizeQ8.Scalar(px, n, pq, pd, ps);
                DequantizeRow.Run(ggmlType, pw, n, pwf);
                float reference = 0;
                for (int i = 0; i < n; i++)
                {
                    reference += pwf[i] * pd[i / 32] * pq[i];
                }

                var (scalar, v128, avx) = Dots(type, pw, pq, pd, ps, blocks);
                float tol = 1e-4f * (1 + n);
                AssertClose(scalar, v128, tol, $"{type} v128 blocks={blocks}");
                AssertClose(scalar, avx, tol, $"{type} avx2 blocks={blocks}");
                if (type.EndsWith("_1", StringComparison.Ordinal))
                {
                    // s is f16-rounded d·Σq, as ggml: agree with the dequantized product to that precision.
                    tol += 2e-3f * blocks;
                }

                AssertClose(reference, scalar, tol, $"{type} vs dequantized blocks={blocks}");
            }
        }
    }

    private static (float Scalar, float V128, float Avx) Dots(string type, byte* w, sbyte* q, float* d, float* s, int blocks)
    {
        bool avx = SimdSupport.UseAvx2;
        return type switch
        {
            "q8_0" => (DotQ8_0.Scalar(w, q, d, blocks), DotQ8_0.Vector128Dot(w, q, d, blocks), avx ? DotQ8_0.Avx2Dot(w, q, d, blocks) : DotQ8_0.Scalar(w, q, d, blocks)),
            "q4_0" => (DotQ4_0.Scalar(w, q, d, blocks), DotQ4_0.Vector128Dot(w, q, d, blocks), avx ? DotQ4_0.Avx2Dot(w, q, d, blocks) : DotQ4_0.Scalar(w, q, d, blocks)),
            "q5_0" => (DotQ5_0.Scalar(w, q, d, blocks), DotQ5_0.Vector128Dot(w, q, d, blocks), avx ? DotQ5_0.Avx2Dot(w, q, d, blocks) : DotQ5_0.Scalar(w, q, d, blocks)),
            "q4_1" => (DotQ4_1.Scalar(w, q, d, s, blocks), DotQ4_1.Vector128Dot(w, q, d, s, blocks), avx ? DotQ4_1.Avx2Dot(w, q, d, s, blocks) : DotQ4_1.Scalar(w, q, d, s, blocks)),
            _ => (DotQ5_1.Scalar(w, q, d, s, blocks), DotQ5_1.Vector128Dot(w, q, d, s, blocks), avx ? DotQ5_1.Avx2Dot(w, q, d, s, blocks) : DotQ5_1.Scalar(w, q, d, s, blocks)),
        };
    }

    [Fact]
    public void Packed_gemm_matches_naive_product_for_edge_shapes()
    {
        var rng = new Random(17);
        int[][] shapes = [[1, 1, 1], [5, 7, 3], [6, 16, 8], [13, 33, 260], [73, 17, 300], [150, 64, 64]];
        foreach (int[] shape in shapes)
        {
            int m = shape[0], n = shape[1], k = shape[2];
            float[] a = RandomFloats(rng, m * k, 1f), b = RandomFloats(rng, n * k, 1f);
            float[] expected = new float[m * n];
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    double sum = 0;
                    for (int kk = 0; kk < k; kk++)
                    {
                        sum += a[(i * k) + kk] * b[(j * k) + kk];
                    }

                    expected[(i * n) + j] = (float)sum;
                }
            }

            using var packed = new AlignedBuffer(PackedGemm.PackedBSize(n, k));
            using var aScratch = new AlignedBuffer(PackedGemm.AScratchSize);
            float[] c = new float[m * n];
            fixed (float* pa = a, pb = b, pc = c)
            {
                for (int p = 0; p < PackedGemm.PanelCount(n); p++)
                {
                    PackedGemm.PackB(pb, k, 1, n, k, p, packed.Pointer);
                }

                PackedGemm.Multiply(pa, k, m, k, packed.Pointer, n, pc, n, aScratch.Pointer);
            }

            AssertAllClose(expected, c, 1e-4f * k, $"gemm {m}x{n}x{k}");
        }
    }

    private static void WriteHalf(byte[] dst, int offset, float value) =>
        BitConverter.TryWriteBytes(dst.AsSpan(offset, 2), BitConverter.HalfToUInt16Bits((Half)value));

    private static ushort[] RandomHalves(Random rng, int n) =>
        Enumerable.Range(0, n).Select(_ => BitConverter.HalfToUInt16Bits((Half)((rng.NextDouble() - 0.5) * 4))).ToArray();

    private static float[] RandomFloats(Random rng, int n, float scale) =>
        Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() - 0.5) * 2 * scale)).ToArray();

    private static void AssertClose(float expected, float actual, float tol, string what) =>
        Assert.True(MathF.Abs(expected - actual) <= tol, $"{what}: expected {expected}, got {actual}");

    private static void AssertAllClose(float[] expected, float[] actual, float tol, string what)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            AssertClose(expected[i], actual[i], tol, $"{what} [{i}]");
        }
    }
}
