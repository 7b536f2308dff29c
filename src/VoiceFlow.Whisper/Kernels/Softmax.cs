using System.Numerics.Tensors;

namespace VoiceFlow.Whisper.Kernels;

/// <summary>
/// Scaled softmax of attention scores, <c>softmax(x · scale)</c>, with the sum in double as ggml;
/// the output may be rounded to f16 (whisper.cpp feeds it to an f16 product with the values).
/// </summary>
internal static unsafe class Softmax
{
    public static void Apply(float* x, int n, float scale, bool roundToHalf)
    {
        if (n == 0)
        {
            return;
        }

        var span = new Span<float>(x, n);
        if (!SimdSupport.UseVector128)
        {
            Scalar(x, n, scale, roundToHalf);
            return;
        }

        if (scale != 1f)
        {
            TensorPrimitives.Multiply(span, scale, span);
        }

        float max = TensorPrimitives.Max(span);
        TensorPrimitives.Subtract(span, max, span);
        TensorPrimitives.Exp(span, span);
        double sum = TensorPrimitives.Sum(span);
        TensorPrimitives.Multiply(span, (float)(1.0 / sum), span);
        if (roundToHalf)
        {
            RoundToHalf.Round(x, x, n);
        }
    }

    public static void Scalar(float* x, int n, float scale, bool roundToHalf)
    {
        float max = float.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            x[i] *= scale;
            max = MathF.Max(max, x[i]);
        }

        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            x[i] = MathF.Exp(x[i] - max);
            sum += x[i];
        }

        float inv = (float)(1.0 / sum);
        for (int i = 0; i < n; i++)
        {
            x[i] = roundToHalf ? HalfBits.Round(x[i] * inv) : x[i] * inv;
        }
    }
}
