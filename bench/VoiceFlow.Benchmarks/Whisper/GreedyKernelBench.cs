using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using VoiceFlow.Whisper.Kernels;

namespace VoiceFlow.Benchmarks.Whisper;

/// <summary>
/// The greedy (one activation row) f16 product on one thread, today's kernel against its predecessor, on the logits
/// shape (51864 x 384, 40 MB: streamed from memory every pass) and on a cache-resident 512 x 384 block (arithmetic
/// only): ns per weight row, median and fastest of the passes. Plain timings, no BenchmarkDotNet, so it runs in
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

            DotF16Matrix.PreScale(x, scaled, In);
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

    private static void Report(string name, int rows, int passes, Action pass)
    {
        for (int i = 0; i < 3; i++)
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
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: {ns[passes / 2]:F1} / {ns[0]:F1} ns per row"));
    }
}
