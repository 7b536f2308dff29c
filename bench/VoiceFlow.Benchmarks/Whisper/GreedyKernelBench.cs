using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using VoiceFlow.Whisper.Kernels;

namespace VoiceFlow.Benchmarks.Whisper;

/// <summary>
/// The greedy (one activation row) f16 kernels on one thread, today's against their predecessors: the product on the
/// logits shape (51864 x 384, 40 MB: streamed from memory every pass) and on a cache-resident 512 x 384 block
/// (arithmetic only), ns per weight row; one query's cross-attention over one head, ns; one encoder attention work
/// item, blocked (<see cref="EncoderAttentionBench"/>), ns per query row; median and fastest of the passes, after at least 0.5 s of warm-up per line. Plain timings, no BenchmarkDotNet, so it runs in
/// seconds. Usage: <c>whisper-kernels [--passes N]</c>.
/// </summary>
internal static unsafe class GreedyKernelBench
{
    private const int In = 384;

    public static int Run(string[] args)
    {
        int passes = args.Length > 1 && args[0] == "--passes" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        if (!SimdSupport.UseAvx2)
        {
            Console.WriteLine("no AVX2 on this machine: the kernels compared here are AVX2 paths");
            return 1;
        }

        Console.WriteLine($"one thread, {In} inputs per row, {passes} passes per line; ns per weight row (median / fastest)");
        foreach (int rows in new[] { 51864, 512 })
        {
            Measure(rows, passes);
        }

        CrossAttention(passes);
        EncoderAttentionBench.Print(passes, Report);
        return 0;
    }

    private static void Measure(int rows, int passes)
    {
        long count = (long)rows * In;
        ushort* w = (ushort*)NativeMemory.AlignedAlloc((nuint)(count * sizeof(ushort)), 64);
        float* x = (float*)NativeMemory.AlignedAlloc(In * sizeof(float), 64);
        float* scaled = (float*)NativeMemory.AlignedAlloc(In * sizeof(float), 64);
        float* y = (float*)NativeMemory.AlignedAlloc((nuint)rows * sizeof(float), 64);
        try
        {
            var rng = new Random(1);
            for (long i = 0; i < count; i++)
            {
                w[i] = BitConverter.HalfToUInt16Bits((Half)((rng.NextDouble() - 0.5) * 0.2));
            }

            for (int i = 0; i < In; i++)
            {
                x[i] = (float)(Half)((rng.NextDouble() - 0.5) * 4);
            }

            ScaledWidening.PreScale(x, scaled, In);
            string shape = $"{rows} x {In}";
            Report($"{shape}, a call per row (DotF16.Avx2Dot)", rows, passes, () =>
            {
                for (int r = 0; r < rows; r++)
                {
                    y[r] = DotF16.Avx2Dot(w + ((long)r * In), x, In);
                }
            });
            Report($"{shape}, two rows per pass, pre-scaled (DotF16Matrix)", rows, passes, () =>
            {
                for (int r = 0; r < rows; r += 64)
                {
                    DotF16Matrix.Avx2Rows(w + ((long)r * In), In, Math.Min(64, rows - r), x, scaled, In, y + r);
                }
            });
        }
        finally
        {
            NativeMemory.AlignedFree(w);
            NativeMemory.AlignedFree(x);
            NativeMemory.AlignedFree(scaled);
            NativeMemory.AlignedFree(y);
        }
    }

    /// <summary>One query over one head of the cross-attention cache (1500 x 64 keys, then values): plain against pre-scaled.</summary>
    private static void CrossAttention(int passes)
    {
        const int ctx = 1500, hd = 64;
        ushort* kv = (ushort*)NativeMemory.AlignedAlloc(2 * ctx * hd * sizeof(ushort), 64);
        float* q = (float*)NativeMemory.AlignedAlloc(hd * sizeof(float), 64);
        float* qs = (float*)NativeMemory.AlignedAlloc(hd * sizeof(float), 64);
        float* p = (float*)NativeMemory.AlignedAlloc(ctx * sizeof(float), 64);
        float* ps = (float*)NativeMemory.AlignedAlloc(ctx * sizeof(float), 64);
        float* o = (float*)NativeMemory.AlignedAlloc(hd * sizeof(float), 64);
        try
        {
            var rng = new Random(2);
            for (int i = 0; i < 2 * ctx * hd; i++)
            {
                kv[i] = BitConverter.HalfToUInt16Bits((Half)((rng.NextDouble() - 0.5) * 2));
            }

            for (int i = 0; i < hd; i++)
            {
                q[i] = (float)(Half)(rng.NextDouble() - 0.5);
            }

            for (int i = 0; i < ctx; i++)
            {
                p[i] = (float)(Half)(rng.NextDouble() / ctx);
            }

            ushort* values = kv + (ctx * hd);
            Report("cross-attention head (1500 x 64, cache-resident), keys and values widened exactly", 1, passes, () =>
            {
                SharedAttentionF16.Avx2Scores64(kv, hd, ctx, q, hd, 1, ps, ctx);
                AttentionF16.Avx2WeightedSum(p, values, hd, ctx, hd, o);
            });
            Report("cross-attention head, query and probabilities pre-scaled (ScaledWidening)", 1, passes, () =>
            {
                ScaledWidening.PreScale(q, qs, hd);
                SharedAttentionF16.Avx2Scores64PreScaled(kv, hd, ctx, qs, hd, 1, ps, ctx);
                ScaledWidening.PreScale(p, ps, ctx);
                SharedAttentionF16.Avx2WeightedSumPreScaled(ps, ctx, 1, values, hd, ctx, hd, o, hd);
            });
        }
        finally
        {
            NativeMemory.AlignedFree(kv);
            NativeMemory.AlignedFree(q);
            NativeMemory.AlignedFree(qs);
            NativeMemory.AlignedFree(p);
            NativeMemory.AlignedFree(ps);
            NativeMemory.AlignedFree(o);
        }
    }

    private static void Report(string name, int rows, int passes, Action pass)
    {
        // Warm-up by time, so tiered compilation has replaced the first code of everything called (library code too).
        var warm = Stopwatch.StartNew();
        for (int i = 0; i < 3 || warm.ElapsedMilliseconds < 500; i++)
        {
            pass();
        }

        var ns = new double[passes];
        for (int i = 0; i < passes; i++)
        {
            long start = Stopwatch.GetTimestamp();
            pass();
            ns[i] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / rows;
        }

        Array.Sort(ns);
        string unit = rows == 1 ? "ns" : "ns per row";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: {ns[passes / 2]:F1} / {ns[0]:F1} {unit}"));
    }
}
