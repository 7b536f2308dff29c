using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using VoiceFlow.Whisper.Kernels;
using VoiceFlow.Whisper.Model;

namespace VoiceFlow.Benchmarks.Whisper;

/// <summary>
/// One-run report of the managed Whisper model's speed on this machine: the packed matrix product's
/// peak, then per model load time, log-mel time (30 s), encoder time per 30 s window and its
/// effective GFLOP/s, decoder ms/token, and the process's peak RSS. Medians of a few runs after a warm-up.
/// </summary>
internal static class WhisperModelReport
{
    public static int Run(string[] args)
    {
        int threads = 2;
        var models = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--threads" && i + 1 < args.Length)
            {
                threads = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else
            {
                models.Add(args[i]);
            }
        }

        string? fixtures = FindFixtures();
        if (fixtures is not null && models.Count == 0)
        {
            models.Insert(0, Path.Combine(fixtures, "models", "ggml-random-tiny.en-f16.bin"));
            models.Insert(0, Path.Combine(fixtures, "models", "ggml-random-test-s64-f32.bin"));
        }

        Console.WriteLine($"RSS at start {RssMb("VmRSS:"):F0} MB");
        Console.WriteLine($"SIMD: {SimdSupport.Level}, threads: {threads}, cores: {Environment.ProcessorCount}");
        float[] audio = LoadAudio(fixtures);
        foreach (string path in models)
        {
            ReportModel(path, audio, threads);
        }

        // After the models, so their peak RSS does not include this measurement's buffers.
        var (wall, perCpuSecond) = GemmPeak(threads);
        Console.WriteLine($"matrix product peak (1500x384 . 384x1536, f32, packed): {wall:F1} GFLOP/s wall, {perCpuSecond:F1} GFLOP per CPU-second");

        Console.WriteLine($"peak RSS: {PeakRssMb():F0} MB");
        return 0;
    }

    private static void ReportModel(string path, float[] audio, int threads)
    {
        var sw = Stopwatch.StartNew();
        using var model = WhisperModel.Load(path);
        double loadMs = sw.Elapsed.TotalMilliseconds;
        Console.WriteLine($"  RSS after load {RssMb("VmRSS:"):F0} MB");
        var hp = model.HyperParameters;

        var mel = model.ComputeMel(audio, threads);
        double melMs = Median(3, () => model.ComputeMel(audio, threads));

        Console.WriteLine($"  RSS after mel {RssMb("VmRSS:"):F0} MB");
        model.Encode(mel, 0, threads).Dispose();
        Console.WriteLine($"  RSS after encode {RssMb("VmRSS:"):F0} MB, GC heap {GC.GetTotalMemory(false) / 1e6:F0} MB");
        double encMs = Median(3, () => model.Encode(mel, 0, threads).Dispose());
        double gflop = EncoderFlops(hp) / 1e9;

        using var encoded = model.Encode(mel, 0, threads);
        using var state = model.CreateDecoderState(encoded);
        var logits = new float[hp.NVocab];
        model.Decode(state, [50257, 50362], logits, threads);
        const int tokens = 64;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        sw.Restart();
        int token = 50362;
        for (int i = 0; i < tokens; i++)
        {
            token = Argmax(logits, 50256);
            model.Decode(state, [token], logits, threads);
        }

        double msPerToken = sw.Elapsed.TotalMilliseconds / tokens;
        double cpuMsPerToken = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / tokens;
        Console.WriteLine(
            $"{Path.GetFileName(path)}: load {loadMs:F0} ms, mel(30 s) {melMs:F1} ms, encode {encMs:F0} ms/window " +
            $"({gflop:F1} GFLOP, {gflop / (encMs / 1000):F1} GFLOP/s), decode {msPerToken:F2} ms/token ({cpuMsPerToken:F2} CPU-ms), peak RSS so far {PeakRssMb():F0} MB");
    }

    /// <summary>Multiply-adds of one encoder window ×2 (conv stem, projections, attention, MLP, cross K/V).</summary>
    private static double EncoderFlops(VoiceFlow.Whisper.Inference.WhisperHyperParameters hp)
    {
        double ctx = hp.NAudioCtx, s = hp.NAudioState;
        double conv = (2 * ctx * 3 * hp.NMels * s) + (ctx * 3 * s * s);
        double layer = (4 * ctx * s * s) + (2 * ctx * ctx * s) + (8 * ctx * s * s);
        double cross = hp.NTextLayer * 2 * ctx * s * s;
        return 2 * (conv + (hp.NAudioLayer * layer) + cross);
    }

    private static unsafe (double Wall, double PerCpuSecond) GemmPeak(int threads)
    {
        const int m = 1500, k = 384, n = 1536;
        var a = new float[m * k];
        var b = new float[n * k];
        var rng = new Random(1);
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = (float)rng.NextDouble();
        }

        for (int i = 0; i < b.Length; i++)
        {
            b[i] = (float)rng.NextDouble();
        }

        using var packed = new AlignedBuffer(PackedGemm.PackedBSize(n, k));
        using var c = new AlignedBuffer((long)m * n);
        using var exec = new LinearExecutor();
        fixed (float* pa = a)
        fixed (float* pb = b)
        {
            for (int p = 0; p < PackedGemm.PanelCount(n); p++)
            {
                PackedGemm.PackB(pb, k, 1, n, k, p, packed.Pointer);
            }

            float* pc = c.Pointer;
            float* pp = packed.Pointer;
            float* paa = pa;
            double flop = 2.0 * m * n * k;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            double ms = Median(7, () => exec.Multiply(paa, k, m, k, pp, n, pc, n, null, false, threads));
            double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            return (flop / (ms / 1000) / 1e9, 7 * flop / cpuSeconds / 1e9);
        }
    }

    private static double Median(int runs, Action action)
    {
        var times = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times[i] = sw.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        return times[runs / 2];
    }

    private static int Argmax(float[] logits, int limit)
    {
        int best = 0;
        for (int i = 1; i < limit; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static float[] LoadAudio(string? fixtures)
    {
        string? pcm = fixtures is null ? null : Path.Combine(fixtures, "ref", "common", "speech30_16k.pcm.f32");
        if (pcm is not null && File.Exists(pcm))
        {
            return MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(pcm)).ToArray();
        }

        var tone = new float[30 * 16000];
        for (int i = 0; i < tone.Length; i++)
        {
            tone[i] = 0.1f * MathF.Sin(2 * MathF.PI * 440 * i / 16000f);
        }

        return tone;
    }

    internal static double PeakRssMb() => RssMb("VmHWM:");

    private static double RssMb(string key)
    {
        foreach (string line in File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status") : [])
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                return double.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
            }
        }

        return double.NaN;
    }

    internal static string? FindFixtures()
    {
        string? env = Environment.GetEnvironmentVariable("VOICEFLOW_SHARED_DIR");
        if (!string.IsNullOrEmpty(env))
        {
            return Path.Combine(env, "fixtures", "whisper");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VoiceFlow.slnx")))
            {
                string candidate = Path.Combine(dir.FullName, "..", "shared", "fixtures", "whisper");
                return Directory.Exists(candidate) ? Path.GetFullPath(candidate) : null;
            }
        }

        return null;
    }
}
