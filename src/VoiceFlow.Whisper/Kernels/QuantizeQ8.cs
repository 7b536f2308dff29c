using System.Runtime.Intrinsics;

namespace VoiceFlow.Whisper.Kernels;

/// <summary>
/// Quantizes activations to 8-bit blocks of 32 the way ggml's AVX2 path does before a product with
/// quantized weights: <c>d = amax / 127</c> (stored as f16), <c>q = round_half_even(x * 127 / amax)</c>,
/// and for the q8_1 variant <c>s = f16(d * Σq)</c>.
/// </summary>
internal static unsafe class QuantizeQ8
{
    public const int Block = 32;

    /// <param name="x">Activations, length a multiple of 32.</param>
    /// <param name="n">Element count.</param>
    /// <param name="qs">Quantized values (n).</param>
    /// <param name="d">Per-block scale, f16-rounded (n / 32).</param>
    /// <param name="s">Per-block <c>d * Σq</c>, f16-rounded (n / 32); may be null when unused.</param>
    public static void Quantize(float* x, int n, sbyte* qs, float* d, float* s)
    {
        if (SimdSupport.UseVector128)
        {
            Vector128Quantize(x, n, qs, d, s);
        }
        else
        {
            Scalar(x, n, qs, d, s);
        }
    }

    public static void Scalar(float* x, int n, sbyte* qs, float* d, float* s)
    {
        for (int b = 0; b < n / Block; b++)
        {
            float* xb = x + (b * Block);
            float amax = 0;
            for (int j = 0; j < Block; j++)
            {
                amax = MathF.Max(amax, MathF.Abs(xb[j]));
            }

            float id = amax != 0 ? 127f / amax : 0f;
            int sum = 0;
            for (int j = 0; j < Block; j++)
            {
                int q = (int)MathF.Round(xb[j] * id, MidpointRounding.ToEven);
                qs[(b * Block) + j] = (sbyte)q;
                sum += q;
            }

            Finish(b, amax, sum, d, s);
        }
    }

    public static void Vector128Quantize(float* x, int n, sbyte* qs, float* d, float* s)
    {
        for (int b = 0; b < n / Block; b++)
        {
            float* xb = x + (b * Block);
            var max = Vector128<float>.Zero;
            for (int j = 0; j < Block; j += 4)
            {
                max = Vector128.Max(max, Vector128.Abs(Vector128.Load(xb + j)));
            }

            float amax = MathF.Max(MathF.Max(max[0], max[1]), MathF.Max(max[2], max[3]));
            var id = Vector128.Create(amax != 0 ? 127f / amax : 0f);
            var sum = Vector128<int>.Zero;
            for (int j = 0; j < Block; j += 8)
            {
                var q0 = Vector128.ConvertToInt32(Vector128.Round(Vector128.Load(xb + j) * id));
                var q1 = Vector128.ConvertToInt32(Vector128.Round(Vector128.Load(xb + j + 4) * id));
                sum += q0 + q1;
                var narrow = Vector128.Narrow(Vector128.Narrow(q0, q1), Vector128<short>.Zero);
                Vector64.Store(narrow.GetLower(), qs + (b * Block) + j);
            }

            Finish(b, amax, Vector128.Sum(sum), d, s);
        }
    }

    private static void Finish(int b, float amax, int sum, float* d, float* s)
    {
        float scale = amax / 127f;
        d[b] = HalfBits.Round(scale);
        if (s != null)
        {
            s[b] = HalfBits.Round(scale * sum);
        }
    }
}
