using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace VoiceFlow.Whisper.Kernels;

/// <summary>
/// IEEE half (f16) conversions done with integer arithmetic so they vectorise without F16C:
/// widening is exact for every finite half; narrowing rounds to nearest-even like F16C.
/// </summary>
internal static class HalfBits
{
    private const float TwoPow112 = 5.192296858534828e33f; // 2^112 rebiases the exponent from 15 to 127

    /// <summary>f16 bits to f32 (exact for finite values, subnormals included).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ToSingle(ushort h)
    {
        uint magnitude = (uint)(h & 0x7fff) << 13;
        float f = BitConverter.UInt32BitsToSingle(magnitude) * TwoPow112;
        return BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(f) | ((uint)(h & 0x8000) << 16));
    }

    /// <summary>Eight f16 values (zero-extended to 32 bits) to f32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ToSingle(Vector256<uint> h)
    {
        var magnitude = (h & Vector256.Create(0x7fffu)) << 13;
        var f = magnitude.AsSingle() * Vector256.Create(TwoPow112);
        return (f.AsUInt32() | ((h & Vector256.Create(0x8000u)) << 16)).AsSingle();
    }

    /// <summary>
    /// Eight f16 values <em>sign</em>-extended to 32 bits to f32, the same result as
    /// <see cref="ToSingle(Vector256{uint})"/> in three operations instead of six: shifted left by 13 a copy of the sign
    /// lands on bit 31 and the magnitude where an f32's is, one mask drops the other sign copies, and the multiply by
    /// 2^112 (exact, a power of two) rebiases the exponent and keeps the sign.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ToSingleSignExtended(Vector256<int> h) =>
        ((h << 13) & Vector256.Create(unchecked((int)0x8fffe000))).AsSingle() * Vector256.Create(TwoPow112);

    /// <summary>Four f16 values (zero-extended to 32 bits) to f32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ToSingle(Vector128<uint> h)
    {
        var magnitude = (h & Vector128.Create(0x7fffu)) << 13;
        var f = magnitude.AsSingle() * Vector128.Create(TwoPow112);
        return (f.AsUInt32() | ((h & Vector128.Create(0x8000u)) << 16)).AsSingle();
    }

    /// <summary>f32 to f16 bits, round to nearest even.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort FromSingle(float x) => BitConverter.HalfToUInt16Bits((Half)x);

    /// <summary>Rounds to the nearest f16 value, returned as f32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Round(float x) => (float)(Half)x;

    /// <summary>
    /// Vector f16 rounding for |x| &lt;= 65504: normal halves keep 11 significant bits (round to
    /// nearest even on the bit pattern); below 2^-14 the quantum is 2^-24, done by adding 0.5.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Round(Vector256<float> x)
    {
        var bits = x.AsUInt32();
        var odd = (bits >>> 13) & Vector256<uint>.One;
        var normal = ((bits + Vector256.Create(0xfffu) + odd) & Vector256.Create(0xffffe000u)).AsSingle();
        var abs = Vector256.Abs(x);
        var tiny = (abs + Vector256.Create(0.5f)) - Vector256.Create(0.5f);
        tiny = (tiny.AsUInt32() | (bits & Vector256.Create(0x80000000u))).AsSingle();
        return Vector256.ConditionalSelect(Vector256.LessThan(abs, Vector256.Create(6.103515625e-05f)), tiny, normal);
    }

    /// <summary>128-bit version of <see cref="Round(Vector256{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Round(Vector128<float> x)
    {
        var bits = x.AsUInt32();
        var odd = (bits >>> 13) & Vector128<uint>.One;
        var normal = ((bits + Vector128.Create(0xfffu) + odd) & Vector128.Create(0xffffe000u)).AsSingle();
        var abs = Vector128.Abs(x);
        var tiny = (abs + Vector128.Create(0.5f)) - Vector128.Create(0.5f);
        tiny = (tiny.AsUInt32() | (bits & Vector128.Create(0x80000000u))).AsSingle();
        return Vector128.ConditionalSelect(Vector128.LessThan(abs, Vector128.Create(6.103515625e-05f)), tiny, normal);
    }
}
