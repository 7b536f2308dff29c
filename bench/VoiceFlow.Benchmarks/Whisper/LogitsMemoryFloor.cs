using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using VoiceFlow.Whisper.Ggml;
using VoiceFlow.Whisper.Kernels;

namespace VoiceFlow.Benchmarks.Whisper;

/// <summary>
/// The floor of the greedy logits product: the time to only read its weights (the token embedding, 40 MB for tiny:
/// more than the last-level cache, so every step streams it from memory), split the way the product splits it (rows
/// in chunks of 64 over the same worker pool and thread count). The product's own time over this is what the f16
/// widening, the dot arithmetic and the hand-offs cost on top of memory.
/// </summary>
internal sealed unsafe class LogitsMemoryFloor : IParallelWork
{
    private const int RowsPerChunk = 64;

    private readonly byte* _data;
    private readonly long _rowBytes;
    private readonly int _rows;
    private readonly long[] _sums = new long[64 * 16];

    private LogitsMemoryFloor(GgmlTensor embedding)
    {
        _data = embedding.Data;
        _rows = embedding.Rows;
        _rowBytes = embedding.ByteLength / embedding.Rows;
    }

    public static void Print(string modelPath, int threads, int passes)
    {
        using var file = GgmlModelFile.Open(modelPath);
        var embedding = file.Tensor("decoder.token_embedding.weight");
        var floor = new LogitsMemoryFloor(embedding);
        int chunks = (floor._rows + RowsPerChunk - 1) / RowsPerChunk;
        var times = new List<double>();
        for (int i = 0; i < passes + 3; i++)
        {
            long start = Stopwatch.GetTimestamp();
            WorkerPool.Shared.Run(floor, chunks, threads);
            if (i >= 3)
            {
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        times.Sort();
        double median = times[times.Count / 2];
        double mb = embedding.ByteLength / 1e6;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"logits weights read only ({mb:F1} MB, {threads} threads, median of {passes}): {median:F3} ms = {mb / median:F1} GB/s; fastest {times[0]:F3} ms"));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // like the kernels: no tier-0 code in what is timed
    public void Execute(int index)
    {
        byte* p = _data + ((long)index * RowsPerChunk * _rowBytes);
        long bytes = Math.Min(RowsPerChunk, _rows - (index * RowsPerChunk)) * _rowBytes;
        var acc = Vector256<long>.Zero;
        long i = 0;
        for (; i + 64 <= bytes; i += 64)
        {
            acc += Vector256.Load((long*)(p + i)) + Vector256.Load((long*)(p + i + 32));
        }

        // Kept so the reads are not optimised away; one slot per chunk, padded apart.
        _sums[(index % 64) * 16] = Vector256.Sum(acc);
    }
}
