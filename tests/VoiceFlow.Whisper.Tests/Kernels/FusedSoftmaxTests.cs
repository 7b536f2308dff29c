using System.Runtime.Intrinsics;
using VoiceFlow.Whisper.Kernels;

namespace VoiceFlow.Whisper.Tests.Kernels;

/// <summary>
/// The encoder's fused softmax and its f32 exp: the AVX2 kernels against their scalar twins bit for bit
/// over every length 0..256 and the encoder's 1500, and against the old path (<see cref="Softmax"/>,
/// runtime exp) within the stated tolerance.
/// </summary>
public unsafe class FusedSoftmaxTests
{
    [Fact]
    public void Exp_vector_is_its_scalar_twin_bit_for_bit_and_close_to_the_runtime_exp()
    {
        var rng = new Random(31);
        float[] xs = new float[4096];
        for (int i = 0; i < xs.Length; i++)
        {
            xs[i] = i < 2048 ? -100f + (100f * i / 2047f) : (float)(-rng.NextDouble() * 120.0);
        }

        xs[0] = 0f;
        xs[1] = float.NegativeInfinity;
        xs[2] = -87.3f;
        xs[3] = -87.4f;
        xs[4] = -88.2f;
        for (int i = 0; i < xs.Length; i++)
        {
            float x = xs[i];
            float scalar = FastExp.Scalar(x);
            float reference = MathF.Exp(x);
            if (x < -88.1f)
            {
                Assert.Equal(0f, scalar);
            }
            else if (x < -87.3f)
            {
                Assert.InRange(scalar, 0f, 1.2e-38f);
            }
            else
            {
                Assert.True(MathF.Abs(scalar - reference) <= 3e-7f * reference, $"exp({x}) = {scalar}, runtime {reference}");
            }

            if (SimdSupport.UseAvx2)
            {
                float vector = FastExp.Avx2Exp(Vector256.Create(x)).GetElement(3);
                Assert.Equal(BitConverter.SingleToInt32Bits(scalar), BitConverter.SingleToInt32Bits(vector));
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fused_softmax_is_its_scalar_twin_bit_for_bit(bool roundToHalf)
    {
        Assert.SkipUnless(SimdSupport.UseAvx2, "the fused softmax is the AVX2 path");
        var rng = new Random(32);
        foreach (int n in Lengths())
        {
            float[] x = Scores(rng, n);
            float[] a = (float[])x.Clone(), b = (float[])x.Clone();
            fixed (float* pa = a, pb = b)
            {
                FusedSoftmax.Scalar(pa, n, 0.125f, roundToHalf);
                FusedSoftmax.Avx2Apply(pb, n, 0.125f, roundToHalf);
            }

            Assert.Equal(a, b);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fused_softmax_is_within_tolerance_of_the_old_path(bool roundToHalf)
    {
        var rng = new Random(33);
        foreach (int n in Lengths())
        {
            float[] x = Scores(rng, n);
            float[] old = (float[])x.Clone(), fused = (float[])x.Clone();
            fixed (float* po = old, pf = fused)
            {
                Softmax.Scalar(po, n, 0.125f, roundToHalf);
                FusedSoftmax.Apply(pf, n, 0.125f, roundToHalf);
            }

            for (int i = 0; i < n; i++)
            {
                // f32: 2e-6 relative + a floor; f16: one step of the larger value (2^-10 relative, 2^-24 absolute).
                float tol = roundToHalf
                    ? (MathF.Max(old[i], fused[i]) * (1f / 1024f)) + 6e-8f
                    : (2e-6f * old[i]) + 1e-12f;
                Assert.True(MathF.Abs(old[i] - fused[i]) <= tol, $"n={n} i={i}: old {old[i]} fused {fused[i]}");
            }

            if (n > 0)
            {
                Assert.InRange(fused.Sum(), 0.999f, 1.001f);
            }
        }
    }

    private static IEnumerable<int> Lengths() => Enumerable.Range(0, 257).Append(1500).Append(1499);

    private static float[] Scores(Random rng, int n)
    {
        float[] x = new float[n];
        for (int i = 0; i < n; i++)
        {
            // Attention-like spread: most scores near each other, a few far below (underflow), a few high.
            double r = rng.NextDouble();
            x[i] = (float)(r < 0.05 ? -900 * rng.NextDouble() : (rng.NextDouble() - 0.5) * 80);
        }

        return x;
    }
}
