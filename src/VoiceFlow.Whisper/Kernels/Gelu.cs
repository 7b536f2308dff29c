using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VoiceFlow.Whisper.Kernels;

/// <summary>
/// GELU (tanh approximation) exactly as whisper.cpp evaluates it: the input is rounded to f16 and
/// looked up in a 65536-entry table of f16(gelu(x)); inputs ≤ −10 give 0 and ≥ 10 pass through.
/// </summary>
internal static unsafe class Gelu
{
    private const float Sqrt2OverPi = 0.79788456080286535587989211986876f;
    private const float CoefA = 0.044715f;

    private static readonly float[] Table = BuildTable();

    /// <summary>The tanh-approximation GELU in f32, as ggml_gelu_f32.</summary>
    public static float Exact(float x) => 0.5f * x * (1.0f + MathF.Tanh(Sqrt2OverPi * x * (1.0f + (CoefA * x * x))));

    public static void Apply(float* x, int n)
    {
        if (SimdSupport.UseAvx2)
        {
            Avx2Apply(x, n);
        }
        else if (SimdSupport.UseVector128)
        {
            Vector128Apply(x, n);
        }
        else
        {
            Scalar(x, n);
        }
    }

    public static float Scalar(float x)
    {
        if (x <= -10f)
        {
            return 0f;
        }

        return x >= 10f ? x : Table[HalfBits.FromSingle(x)];
    }

    public static void Scalar(float* x, int n)
    {
        for (int i = 0; i < n; i++)
        {
            x[i] = Scalar(x[i]);
        }
    }

    /// <summary>128-bit: rounds to f16 with vector arithmetic, then looks up lane by lane.</summary>
    public static void Vector128Apply(float* x, int n)
    {
        int i = 0;
        for (; i + 4 <= n; i += 4)
        {
            var v = Vector128.Load(x + i);
            var idx = HalfIndex(HalfBits.Round(v));
            var looked = Vector128.Create(Table[idx[0]], Table[idx[1]], Table[idx[2]], Table[idx[3]]);
            var result = Vector128.ConditionalSelect(Vector128.LessThanOrEqual(v, Vector128.Create(-10f)), Vector128<float>.Zero,
                Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(v, Vector128.Create(10f)), v, looked));
            *(Vector128<float>*)(x + i) = result;
        }

        Scalar(x + i, n - i);
    }

    public static void Avx2Apply(float* x, int n)
    {
        int i = 0;
        fixed (float* table = Table)
        {
            for (; i + 8 <= n; i += 8)
            {
                var v = Avx.LoadVector256(x + i);
                var clamped = Vector256.Min(Vector256.Max(v, Vector256.Create(-10f)), Vector256.Create(10f));
                var idx = HalfIndex(HalfBits.Round(clamped));
                var looked = Avx2.GatherVector256(table, idx.AsInt32(), 4);
                var result = Vector256.ConditionalSelect(Vector256.LessThanOrEqual(v, Vector256.Create(-10f)), Vector256<float>.Zero,
                    Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(v, Vector256.Create(10f)), v, looked));
                *(Vector256<float>*)(x + i) = result;
            }
        }

        Scalar(x + i, n - i);
    }

    /// <summary>f16 bit pattern of values that are already exactly representable in f16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> HalfIndex(Vector256<float> r)
    {
        var bits = r.AsUInt32();
        var sign = (bits >>> 16) & Vector256.Create(0x8000u);
        var abs = bits & Vector256.Create(0x7fffffffu);
        var normal = (abs >>> 13) - Vector256.Create(0x1c000u);
        // Subnormal lanes are below 2^10 after the scaling, so the signed conversion (one instruction, which the
        // ahead-of-time compiler can emit; the unsigned one is a call) gives the same bits; other lanes are not selected.
        var sub = Avx.ConvertToVector256Int32WithTruncation(abs.AsSingle() * Vector256.Create(16777216f)).AsUInt32();
        var isNormal = Vector256.GreaterThanOrEqual(abs, Vector256.Create(0x38800000u));
        return Vector256.ConditionalSelect(isNormal, normal, sub) | sign;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> HalfIndex(Vector128<float> r)
    {
        var bits = r.AsUInt32();
        var sign = (bits >>> 16) & Vector128.Create(0x8000u);
        var abs = bits & Vector128.Create(0x7fffffffu);
        var normal = (abs >>> 13) - Vector128.Create(0x1c000u);
        var sub = Vector128.ConvertToUInt32(abs.AsSingle() * Vector128.Create(16777216f));
        var isNormal = Vector128.GreaterThanOrEqual(abs, Vector128.Create(0x38800000u));
        return Vector128.ConditionalSelect(isNormal, normal, sub) | sign;
    }

    private static float[] BuildTable()
    {
        var table = new float[65536];
        for (int i = 0; i < table.Length; i++)
        {
            float x = HalfBits.ToSingle((ushort)i);
            table[i] = HalfBits.Round(Exact(x));
        }

        return table;
    }
}
