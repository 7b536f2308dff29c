using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VoiceFlow.Whisper.Kernels;

/// <summary>
/// e^x in f32 only, for softmax arguments (x &lt;= 0): ggml's <c>ggml_v_expf</c> (x = n·ln2 + b,
/// 2^n built in the exponent bits, a degree-5 polynomial for e^b; about 1.5 ulp). The runtime's
/// vector exp widens to f64, twice the work. Where n would be below -126 (x &lt; about -87.7) the
/// result is flushed to 0 instead of a subnormal: a softmax probability that small is 0 once rounded
/// to f16 anyway.
/// The scalar twin runs the same fused multiply-adds, so both give the same bits.
/// </summary>
internal static class FastExp
{
    private const float Round = 12582912f; // 0x1.8p23: adding it rounds to an integer in the low mantissa bits
    private static readonly float Log2E = BitConverter.Int32BitsToSingle(0x3FB8AA3B);
    private static readonly float Ln2Hi = BitConverter.Int32BitsToSingle(0x3F317200);
    private static readonly float Ln2Lo = BitConverter.Int32BitsToSingle(0x35BFBE8E);
    private static readonly float C5 = BitConverter.Int32BitsToSingle(0x3C072010);
    private static readonly float C4 = BitConverter.Int32BitsToSingle(0x3D2B9F17);
    private static readonly float C3 = BitConverter.Int32BitsToSingle(0x3E2AAF33);
    private static readonly float C2 = BitConverter.Int32BitsToSingle(0x3EFFFEDB);
    private static readonly float C1 = BitConverter.Int32BitsToSingle(0x3F7FFFF6);
    private const int OneBits = 0x3F800000;
    private const float Smallest = -126f;

    /// <summary>Scalar twin of <see cref="Avx2Exp"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Scalar(float x)
    {
        float z = MathF.FusedMultiplyAdd(x, Log2E, Round);
        float n = z - Round;
        float b = MathF.FusedMultiplyAdd(-n, Ln2Lo, MathF.FusedMultiplyAdd(-n, Ln2Hi, x));
        float k = BitConverter.Int32BitsToSingle((BitConverter.SingleToInt32Bits(z) << 23) + OneBits);
        float u = b * b;
        float j = MathF.FusedMultiplyAdd(
            MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(C5, b, C4), u, MathF.FusedMultiplyAdd(C3, b, C2)),
            u,
            C1 * b);
        return n < Smallest ? 0f : MathF.FusedMultiplyAdd(j, k, k);
    }

    /// <summary>Eight lanes of <see cref="Scalar"/> (AVX2 + FMA).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Avx2Exp(Vector256<float> x)
    {
        var round = Vector256.Create(Round);
        var z = Fma.MultiplyAdd(x, Vector256.Create(Log2E), round);
        var n = Avx.Subtract(z, round);
        var b = Fma.MultiplyAddNegated(n, Vector256.Create(Ln2Lo), Fma.MultiplyAddNegated(n, Vector256.Create(Ln2Hi), x));
        var k = Avx2.Add(Avx2.ShiftLeftLogical(z.AsInt32(), 23), Vector256.Create(OneBits)).AsSingle();
        var u = Avx.Multiply(b, b);
        var j = Fma.MultiplyAdd(
            Fma.MultiplyAdd(Fma.MultiplyAdd(Vector256.Create(C5), b, Vector256.Create(C4)), u, Fma.MultiplyAdd(Vector256.Create(C3), b, Vector256.Create(C2))),
            u,
            Avx.Multiply(Vector256.Create(C1), b));
        var tooSmall = Avx.CompareLessThan(n, Vector256.Create(Smallest));
        return Avx.AndNot(tooSmall, Fma.MultiplyAdd(j, k, k));
    }
}
