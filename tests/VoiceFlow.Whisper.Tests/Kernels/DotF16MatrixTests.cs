using VoiceFlow.Whisper.Kernels;

namespace VoiceFlow.Whisper.Tests.Kernels;

/// <summary>
/// Several weight rows with one activation row: every result is the single-row AVX2 dot of its row bit for bit (so
/// the model's numbers do not move), close to the scalar twin, for 1..7 rows and every length 0..256, over every f16
/// bit pattern (subnormals, the largest values, infinity and NaN patterns) as weights and activations.
/// </summary>
public unsafe class DotF16MatrixTests
{
    private const int MaxLength = 256;
    private const int MaxRows = 7;

    [Fact]
    public void Each_row_is_its_own_avx2_dot_bit_for_bit_and_close_to_scalar()
    {
        Assert.SkipUnless(SimdSupport.UseAvx2, "the paired dot is an AVX2 path");
        var rng = new Random(21);
        long stride = MaxLength + 5;
        ushort[] w = [.. Enumerable.Range(0, (int)(MaxRows * stride)).Select(_ => (ushort)rng.Next(0x10000))];
        // Activations as the product sees them: f16 values (any finite pattern, subnormals and ±65504 included).
        float[] x = [.. Enumerable.Range(0, MaxLength).Select(_ => RandomFiniteHalf(rng))];
        x[3] = 65504f;
        x[4] = -65504f;
        x[5] = 5.96e-8f;
        float[] scaled = new float[MaxLength];
        float[] results = new float[MaxRows + 1];
        float[] reference = new float[MaxRows];
        fixed (ushort* pw = w)
        fixed (float* px = x, ps = scaled, pr = results, pref = reference)
        {
            Assert.True(ScaledWidening.PreScale(px, ps, MaxLength));
            for (int rows = 1; rows <= MaxRows; rows++)
            {
                for (int n = 0; n <= MaxLength; n++)
                {
                    Array.Fill(results, float.NaN);
                    DotF16Matrix.Avx2Rows(pw, stride, rows, px, ps, n, pr);
                    DotF16Matrix.Scalar(pw, stride, rows, px, n, pref);
                    for (int r = 0; r < rows; r++)
                    {
                        float alone = DotF16.Avx2Dot(pw + (r * stride), px, n);
                        Assert.True(BitConverter.SingleToUInt32Bits(alone) == BitConverter.SingleToUInt32Bits(results[r]),
                            $"{rows} rows, n={n}, row {r}: alone {alone}, paired {results[r]}");
                        Assert.True(SameOrClose(reference[r], results[r], Magnitude(pw + (r * stride), px, n)), $"scalar, {rows} rows, n={n}, row {r}: {reference[r]} vs {results[r]}");
                    }

                    Assert.True(float.IsNaN(results[rows]), "wrote past its rows");
                }
            }
        }
    }

    [Fact]
    public void Several_pre_scaled_activation_rows_give_each_rows_own_dot_bit_for_bit()
    {
        // The beams' product (one weight row, up to 8 activation rows) with the pre-scaled widening.
        Assert.SkipUnless(SimdSupport.UseAvx2, "the grouped dot is an AVX2 path");
        const int maxRows = 8;
        var rng = new Random(23);
        long stride = MaxLength + 3;
        ushort[] w = [.. Enumerable.Range(0, MaxLength).Select(_ => (ushort)rng.Next(0x10000))];
        float[] x = [.. Enumerable.Range(0, (int)(maxRows * stride)).Select(_ => RandomFiniteHalf(rng))];
        float[] scaled = new float[x.Length];
        float[] results = new float[maxRows + 1];
        fixed (ushort* pw = w)
        fixed (float* px = x, ps = scaled, pr = results)
        {
            Assert.True(ScaledWidening.PreScale(px, ps, x.Length));
            for (int rows = 1; rows <= maxRows; rows++)
            {
                for (int n = 0; n <= MaxLength; n++)
                {
                    Array.Fill(results, float.NaN);
                    DotF16.Avx2DotRowsPreScaled(pw, px, ps, stride, rows, n, pr);
                    for (int t = 0; t < rows; t++)
                    {
                        float alone = DotF16.Avx2Dot(pw, px + (t * stride), n);
                        Assert.True(BitConverter.SingleToUInt32Bits(alone) == BitConverter.SingleToUInt32Bits(results[t]),
                            $"{rows} rows, n={n}, row {t}: alone {alone}, grouped {results[t]}");
                    }

                    Assert.True(float.IsNaN(results[rows]), "wrote past its rows");
                }
            }
        }
    }

    [Fact]
    public void Rounded_activations_of_a_real_layer_match_the_single_row_dot()
    {
        Assert.SkipUnless(SimdSupport.UseAvx2, "the paired dot is an AVX2 path");
        var rng = new Random(22);
        const int n = 384;
        const int rows = 64;
        ushort[] w = [.. Enumerable.Range(0, rows * n).Select(_ => BitConverter.HalfToUInt16Bits((Half)((rng.NextDouble() - 0.5) * 0.2)))];
        float[] raw = [.. Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() - 0.5) * 6))];
        float[] x = new float[n];
        float[] scaled = new float[n];
        float[] results = new float[rows];
        fixed (ushort* pw = w)
        fixed (float* praw = raw, px = x, ps = scaled, pr = results)
        {
            RoundToHalf.Round(praw, px, n);
            Assert.True(ScaledWidening.PreScale(px, ps, n));
            DotF16Matrix.Avx2Rows(pw, n, rows, px, ps, n, pr);
            for (int r = 0; r < rows; r++)
            {
                Assert.Equal(BitConverter.SingleToUInt32Bits(DotF16.Avx2Dot(pw + (r * n), px, n)), BitConverter.SingleToUInt32Bits(results[r]));
            }
        }
    }

    [Theory]
    [InlineData(65504f, true)]
    [InlineData(-65535.99f, true)]
    [InlineData(65536f, false)]
    [InlineData(-1e20f, false)]
    [InlineData(float.PositiveInfinity, true)]
    [InlineData(float.NegativeInfinity, true)]
    [InlineData(float.NaN, true)]
    public void PreScale_refuses_only_finite_values_that_would_overflow(float value, bool exact)
    {
        // Every position of a vector and of the scalar tail (lengths 1..19).
        for (int n = 1; n < 20; n++)
        {
            for (int at = 0; at < n; at++)
            {
                float[] x = [.. Enumerable.Range(0, n).Select(i => i == at ? value : i - 2.5f)];
                float[] scaled = new float[n];
                fixed (float* px = x, ps = scaled)
                {
                    Assert.Equal(exact, ScaledWidening.PreScale(px, ps, n));
                }

                for (int i = 0; i < n; i++)
                {
                    Assert.Equal(x[i] * ScaledWidening.Rebias, scaled[i]);
                }
            }
        }
    }

    private static float RandomFiniteHalf(Random rng)
    {
        while (true)
        {
            var h = BitConverter.UInt16BitsToHalf((ushort)rng.Next(0x10000));
            if (Half.IsFinite(h))
            {
                return (float)h;
            }
        }
    }

    // Any f16 pattern as weights: terms reach ~1e9 and cancel, so the summation order's error is relative to Σ|w·x|.
    private static bool SameOrClose(float expected, float actual, double magnitude) =>
        expected == actual || Math.Abs(expected - actual) <= 1e-6 * (1 + magnitude);

    private static double Magnitude(ushort* w, float* x, int n)
    {
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += Math.Abs((double)HalfBits.ToSingle(w[i]) * x[i]);
        }

        return sum;
    }
}
