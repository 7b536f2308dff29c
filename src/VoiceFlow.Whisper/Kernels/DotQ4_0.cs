using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VoiceFlow.Whisper.Kernels;

/// <summary>q4_0 weights (f16 d, 16 nibble bytes, value = nibble − 8) · q8 activations.</summary>
internal static unsafe class DotQ4_0
{
    public static float Dot(byte* w, sbyte* xq, float* xd, int blocks) => SimdSupport.Level switch
    {
        SimdLevel.Avx2 => Avx2Dot(w, xq, xd, blocks),
        SimdLevel.Vector128 => Vector128Dot(w, xq, xd, blocks),
        _ => Scalar(w, xq, xd, blocks),
    };

    public static float Scalar(byte* w, sbyte* xq, float* xd, int blocks)
    {
        sbyte* v = stackalloc sbyte[32];
        float sum = 0;
        for (int b = 0; b < blocks; b++)
        {
            byte* blk = w + (b * QuantBlocks.Q4_0Bytes);
            QuantBlocks.UnpackNibbles(blk + 2, 8, v);
            sum += QuantBlocks.Scale(blk) * xd[b] * QuantBlocks.DotScalar(v, xq + (b * 32));
        }

        return sum;
    }

    public static float Vector128Dot(byte* w, sbyte* xq, float* xd, int blocks)
    {
        sbyte* v = stackalloc sbyte[32];
        float sum = 0;
        for (int b = 0; b < blocks; b++)
        {
            byte* blk = w + (b * QuantBlocks.Q4_0Bytes);
            QuantBlocks.UnpackNibbles(blk + 2, 8, v);
            sum += QuantBlocks.Scale(blk) * xd[b] * QuantBlocks.DotVector128(v, xq + (b * 32));
        }

        return sum;
    }

    public static float Avx2Dot(byte* w, sbyte* xq, float* xd, int blocks)
    {
        var acc = Vector256<float>.Zero;
        var eight = Vector256.Create((sbyte)8);
        for (int b = 0; b < blocks; b++)
        {
            byte* blk = w + (b * QuantBlocks.Q4_0Bytes);
            var wq = QuantBlocks.Nibbles(blk + 2).AsSByte() - eight;
            var q = QuantBlocks.DotSigned(wq, Avx.LoadVector256(xq + (b * 32)));
            acc = Fma.MultiplyAdd(Vector256.Create(QuantBlocks.Scale(blk) * xd[b]), q, acc);
        }

        return Vector256.Sum(acc);
    }
}
