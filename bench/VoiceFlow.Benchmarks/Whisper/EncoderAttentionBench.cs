using System.Runtime.InteropServices;
using VoiceFlow.Whisper.Kernels;

namespace VoiceFlow.Benchmarks.Whisper;

/// <summary>
/// One encoder attention work item on one thread: one head (64 wide), 72 query rows against 1500 keys, as the
/// encoder runs 4 layers x 6 heads x 21 of them per window (tiny), by the blocked online-softmax kernel
/// (<see cref="FlashAttention"/>); ns per query row (384 kFLOP each: 2 x 1500 x 64
/// multiply-adds), so 1e6 / (ns x 2.6) is GFLOP/s. Printed by <c>whisper-kernels</c>.
/// </summary>
internal static unsafe class EncoderAttentionBench
{
    private const int Ctx = 1500, Hd = 64, Rows = FlashAttention.QueryRows;

    public static void Print(int passes, Action<string, int, int, Action> report)
    {
        var rng = new Random(5);
        float* q = Alloc(Rows * Hd, rng);
        float* k = Alloc(Ctx * Hd, rng);
        float* v = Alloc(Ctx * Hd, rng);
        float* output = Alloc(Rows * Hd, rng);
        float* packedK = Alloc(FlashAttention.PackedKeysSize(Ctx, Hd), rng);
        float* packedV = Alloc(FlashAttention.PackedValuesSize(Ctx, Hd), rng);
        float* scratch = Alloc(FlashAttention.ScratchSize(Hd), rng);
        try
        {
            FlashAttention.PackKeys(k, Hd, Ctx, Hd, packedK);
            FlashAttention.PackValues(v, Hd, Ctx, Hd, packedV);
            report("encoder attention block (online softmax, 6x16 tiles), 72 x 1500 x 64, per query row", Rows, passes, () =>
                FlashAttention.Block(q, Hd, Rows, Hd, packedK, packedV, Ctx, 0.125f, output, Hd, scratch));
        }
        finally
        {
            foreach (float* p in new[] { q, k, v, output, packedK, packedV, scratch })
            {
                NativeMemory.AlignedFree(p);
            }
        }
    }

    private static float* Alloc(long floats, Random rng)
    {
        float* p = (float*)NativeMemory.AlignedAlloc((nuint)(floats * sizeof(float)), 64);
        for (long i = 0; i < floats; i++)
        {
            p[i] = (float)(Half)((rng.NextDouble() - 0.5) * 2);
        }

        return p;
    }
}
