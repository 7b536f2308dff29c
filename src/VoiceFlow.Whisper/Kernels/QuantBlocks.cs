using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VoiceFlow.Whisper.Kernels;

/// <summary>
/// Shared pieces of the quantized dot products: ggml block layouts (fp16 scale first, then
/// nibbles/high bits), unpacking one block to 32 integers, and 32-lane integer dot products.
/// </summary>
internal static unsafe class QuantBlocks
{
    public const int Q8_0Bytes = 34;
    public const int Q4_0Bytes = 18;
    public const int Q4_1Bytes = 20;
    public const int Q5_0Bytes = 22;
    public const int Q5_1Bytes = 24;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Scale(byte* block, int offset = 0) => HalfBits.ToSingle(Unsafe.ReadUnaligned<ushort>(block + offset));

    /// <summary>Unpacks 16 nibble bytes: low nibbles are elements 0..15, high nibbles 16..31.</summary>
    public static void UnpackNibbles(byte* qs, int bias, sbyte* dst)
    {
        for (int j = 0; j < 16; j++)
        {
            dst[j] = (sbyte)((qs[j] & 0x0f) - bias);
            dst[j + 16] = (sbyte)((qs[j] >> 4) - bias);
        }
    }

    /// <summary>Unpacks 5-bit values: nibbles plus bit j of <paramref name="qh"/> as bit 4 of element j.</summary>
    public static void UnpackFiveBit(byte* qs, uint qh, int bias, sbyte* dst)
    {
        for (int j = 0; j < 16; j++)
        {
            int h0 = (int)((qh >> j) << 4) & 0x10;
            int h1 = (int)(qh >> (j + 12)) & 0x10;
            dst[j] = (sbyte)(((qs[j] & 0x0f) | h0) - bias);
            dst[j + 16] = (sbyte)(((qs[j] >> 4) | h1) - bias);
        }
    }

    /// <summary>Scalar Σ a[j]·b[j] over 32 lanes.</summary>
    public static int DotScalar(sbyte* a, sbyte* b)
    {
        int sum = 0;
        for (int j = 0; j < 32; j++)
        {
            sum += a[j] * b[j];
        }

        return sum;
    }

    /// <summary>128-bit Σ a[j]·b[j] over 32 lanes (products widened to 16 then 32 bits).</summary>
    public static int DotVector128(sbyte* a, sbyte* b)
    {
        var sum = Vector128<int>.Zero;
        for (int j = 0; j < 32; j += 16)
        {
            var (al, ah) = Vector128.Widen(Vector128.Load(a + j));
            var (bl, bh) = Vector128.Widen(Vector128.Load(b + j));
            var (p0, p1) = Vector128.Widen(al * bl);
            var (p2, p3) = Vector128.Widen(ah * bh);
            sum += (p0 + p1) + (p2 + p3);
        }

        return Vector128.Sum(sum);
    }

    /// <summary>AVX2 signed×signed dot of 32 lanes, as 8 partial int sums (ggml's abs/sign + maddubs trick).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> DotSigned(Vector256<sbyte> w, Vector256<sbyte> x)
    {
        var pairs = Avx2.MultiplyAddAdjacent(Avx2.Abs(w), Avx2.Sign(x, w));
        return Avx.ConvertToVector256Single(Avx2.MultiplyAddAdjacent(pairs, Vector256<short>.One));
    }

    /// <summary>AVX2 unsigned×signed dot of 32 lanes, as 8 partial int sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> DotUnsigned(Vector256<byte> w, Vector256<sbyte> x)
    {
        var pairs = Avx2.MultiplyAddAdjacent(w, x);
        return Avx.ConvertToVector256Single(Avx2.MultiplyAddAdjacent(pairs, Vector256<short>.One));
    }

    /// <summary>AVX2: 16 nibble bytes to 32 bytes (low nibbles first).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Nibbles(byte* qs)
    {
        var v = Vector128.Load(qs);
        var mask = Vector128.Create((byte)0x0f);
        // x86 has no byte shift: shift 16-bit lanes (one instruction; the runtime's byte shift is a call, which the
        // ahead-of-time compiler does not precompile); the mask drops the bits that crossed from the neighbour byte.
        return Vector256.Create(v & mask, Sse2.ShiftRightLogical(v.AsUInt16(), 4).AsByte() & mask);
    }

    /// <summary>AVX2: 0x10 in byte j where bit j of <paramref name="qh"/> is set (ggml's bytes_from_bits_32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> HighBits(uint qh)
    {
        var spread = Avx2.Shuffle(Vector256.Create(qh).AsByte(), Vector256.Create(
            (byte)0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3));
        var bit = Vector256.Create(0x8040201008040201ul).AsByte();
        return Vector256.Equals(spread & bit, bit) & Vector256.Create((byte)0x10);
    }
}
