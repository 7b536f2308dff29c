using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VoiceFlow.Whisper.Kernels;

/// <summary>
/// q5_1 weights (f16 d, f16 m, 32 high bits, 16 nibble bytes, value = d·q + m with q in 0..31) · q8_1
/// activations: Σ d_w·d_x·Σ q_w·q_x + m_w·s_x, as ggml.
/// </summary>
internal static unsafe class DotQ5_1
{
    public static float Dot(byte* w, sbyte* xq, float* xd, float* xs, int blocks) => SimdSupport.Level switch
    {
        SimdLevel.Avx2 => Avx2Dot(w, xq, xd, xs, blocks),
        SimdLevel.Vector128 => Vector128Dot(w, xq, xd, xs, blocks),
        _ => Scalar(w, xq, xd, xs, blocks),
    };

    public static float Scalar(byte* w, sbyte* xq, float* xd, float* xs, int blocks)
    {
        sbyte* v = stackalloc sbyte[32];
        float sum = 0;
        for (int b = 0; b < blocks; b++)
        {
            byte* blk = w + (b * QuantBlocks.Q5_1Bytes);
            QuantBlocks.UnpackFiveBit(blk + 8, Unsafe.ReadUnaligned<uint>(blk + 4), 0, v);
            sum += (QuantBlocks.Scale(blk) * xd[b] * QuantBlocks.DotScalar(v, xq + (b * 32))) + (QuantBlocks.Scale(blk, 2) * xs[b]);
        }

        return sum;
    }

    public static float Vector128Dot(byte* w, sbyte* xq, float* xd, float* xs, int blocks)
    {
        sbyte* v = stackalloc sbyte[32];
        float sum = 0;
        for (int b = 0; b < blocks; b++)
        {
            byte* blk = w + (b * QuantBlocks.Q5_1Bytes);
            QuantBlocks.UnpackFiveBit(blk + 8, Unsafe.ReadUnaligned<uint>(blk + 4), 0, v);
            sum += (QuantBlocks.Scale(blk) * xd[b] * QuantBlocks.DotVector128(v, xq + (b * 32))) + (QuantBlocks.Scale(blk, 2) * xs[b]);
        }

        return sum;
    }

    public static float Avx2Dot(byte* w, sbyte* xq, float* xd, float* xs, int blocks)
    {
        var acc = Vector256<float>.Zero;
        float offsets = 0;
        for (int b = 0; b < blocks; b++)
        {
            byte* blk = w + (b * QuantBlocks.Q5_1Bytes);
            var wq = QuantBlocks.Nibbles(blk + 8) | QuantBlocks.HighBits(Unsafe.ReadUnaligned<uint>(blk + 4));
            var q = QuantBlocks.DotUnsigned(wq, Avx.LoadVector256(xq + (b * 32)));
            acc = Fma.MultiplyAdd(Vector256.Create(QuantBlocks.Scale(blk) * xd[b]), q, acc);
            offsets += QuantBlocks.Scale(blk, 2) * xs[b];
        }

        return Vector256.Sum(acc) + offsets;
    }
}
