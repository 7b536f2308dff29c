using System.Runtime.CompilerServices;
using VoiceFlow.Whisper.Ggml;

namespace VoiceFlow.Whisper.Kernels;

/// <summary>Expands one weight row of any supported type to f32 (used when packing weight panels, and for embeddings).</summary>
internal static unsafe class DequantizeRow
{
    public static void Run(GgmlType type, byte* row, int n, float* dst)
    {
        switch (type)
        {
            case GgmlType.F32:
                new ReadOnlySpan<float>(row, n).CopyTo(new Span<float>(dst, n));
                break;
            case GgmlType.F16:
                System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(new ReadOnlySpan<Half>(row, n), new Span<float>(dst, n));
                break;
            default:
                Blocks(type, row, n, dst);
                break;
        }
    }

    private static void Blocks(GgmlType type, byte* row, int n, float* dst)
    {
        sbyte* v = stackalloc sbyte[32];
        int bytes = GgmlTypeInfo.BlockBytes(type);
        for (int b = 0; b < n / 32; b++)
        {
            byte* blk = row + (b * bytes);
            float d = QuantBlocks.Scale(blk);
            float m = 0;
            switch (type)
            {
                case GgmlType.Q8_0:
                    new ReadOnlySpan<sbyte>(blk + 2, 32).CopyTo(new Span<sbyte>(v, 32));
                    break;
                case GgmlType.Q4_0:
                    QuantBlocks.UnpackNibbles(blk + 2, 8, v);
                    break;
                case GgmlType.Q4_1:
                    m = QuantBlocks.Scale(blk, 2);
                    QuantBlocks.UnpackNibbles(blk + 4, 0, v);
                    break;
                case GgmlType.Q5_0:
                    QuantBlocks.UnpackFiveBit(blk + 6, Unsafe.ReadUnaligned<uint>(blk + 2), 16, v);
                    break;
                case GgmlType.Q5_1:
                    m = QuantBlocks.Scale(blk, 2);
                    QuantBlocks.UnpackFiveBit(blk + 8, Unsafe.ReadUnaligned<uint>(blk + 4), 0, v);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(type), type, "not a block type");
            }

            float* o = dst + (b * 32);
            for (int j = 0; j < 32; j++)
            {
                o[j] = (d * v[j]) + m;
            }
        }
    }
}
