using System.Runtime.Intrinsics;

namespace VoiceFlow.Whisper.Kernels;

/// <summary>
/// Layer normalisation as ggml_norm followed by the weight multiply and bias add: mean and
/// variance accumulated in double, <c>y = (x − mean) / sqrt(var + eps) · w + b</c>.
/// </summary>
internal static unsafe class LayerNorm
{
    public const float Epsilon = 1e-5f;

    public static void Apply(float* x, float* y, float* w, float* b, int n)
    {
        if (SimdSupport.UseVector128)
        {
            Vector128Apply(x, y, w, b, n);
        }
        else
        {
            Scalar(x, y, w, b, n);
        }
    }

    public static void Scalar(float* x, float* y, float* w, float* b, int n)
    {
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += x[i];
        }

        float mean = (float)(sum / n);
        double sum2 = 0;
        for (int i = 0; i < n; i++)
        {
            float v = x[i] - mean;
            sum2 += v * v;
        }

        float scale = 1.0f / MathF.Sqrt((float)(sum2 / n) + Epsilon);
        for (int i = 0; i < n; i++)
        {
            y[i] = ((x[i] - mean) * scale * w[i]) + b[i];
        }
    }

    /// <summary>Vector version: float partial sums per 4-lane chunk, folded into double.</summary>
    public static void Vector128Apply(float* x, float* y, float* w, float* b, int n)
    {
        double sum = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4)
        {
            sum += Vector128.Sum(Vector128.Load(x + i));
        }

        for (; i < n; i++)
        {
            sum += x[i];
        }

        float mean = (float)(sum / n);
        var vm = Vector128.Create(mean);
        double sum2 = 0;
        for (i = 0; i + 4 <= n; i += 4)
        {
            var v = Vector128.Load(x + i) - vm;
            sum2 += Vector128.Sum(v * v);
        }

        for (; i < n; i++)
        {
            float v = x[i] - mean;
            sum2 += v * v;
        }

        float scale = 1.0f / MathF.Sqrt((float)(sum2 / n) + Epsilon);
        var vs = Vector128.Create(scale);
        for (i = 0; i + 4 <= n; i += 4)
        {
            *(Vector128<float>*)(y + i) = (Vector128.Load(x + i) - vm) * vs * Vector128.Load(w + i) + Vector128.Load(b + i);
        }

        for (; i < n; i++)
        {
            y[i] = ((x[i] - mean) * scale * w[i]) + b[i];
        }
    }
}
