using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VoiceFlow.Whisper.Kernels;

/// <summary>q8_0 weights (f16 d, 32 int8) · q8 activations: Σ_blocks d_w·d_x·Σ q_w·q_x, as ggml.</summary>
internal static unsafe class DotQ8_0
{
    public static float Dot(byte* w, sbyte* xq, float* xd, int blocks) => SimdSupport.Level switch
    {
        SimdLevel.Avx2 => Avx2Dot(w, xq, xd, blocks),
        SimdLevel.Vector128 => Vector128Dot(w, xq, xd, blocks),
        _ => Scalar(w, xq, xd, blocks),
    };

    public static float Scalar(byte* w, sbyte* xq, float* xd, int blocks)
    {
        float sum = 0;
        for (int b = 0; b < blocks; b++)
        {
            byte* blk = w + (b * QuantBlocks.Q8_0Bytes);
            sum += QuantBlocks.Scale(blk) * xd[b] * QuantBlocks.DotScalar((sbyte*)(blk + 2), xq + (b * 32));
        }

        return sum;
    }

    public static float Vector128Dot(byte* w, sbyte* xq, float* xd, int blocks)
    {
        float sum = 0;
        for (int b = 0; b < blocks; b++)
        {
            byte* blk = w + (b * QuantBlocks.Q8_0Bytes);
            sum += QuantBlocks.Scale(blk) * xd[b] * QuantBlocks.DotVector128((sbyte*)(blk + 2), xq + (b * 32));
        }

        return sum;
    }

    public static float Avx2Dot(byte* w, sbyte* xq, float* xd, int blocks)
    {
        var acc = Vector256<float>.Zero;
        for (int b = 0; b < blocks; b++)
        {
            byte* blk = w + (b * QuantBlocks.Q8_0Bytes);
            var q = QuantBlocks.DotSigned(Avx.LoadVector256((sbyte*)(blk + 2)), Avx.LoadVector256(xq + (b * 32)));
            acc = Fma.MultiplyAdd(Vector256.Create(QuantBlocks.Scale(blk) * xd[b]), q, acc);
        }

        return Vector256.Sum(acc);
    }
}
