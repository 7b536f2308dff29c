using BenchmarkDotNet.Attributes;
using VoiceFlow.Whisper.Kernels;

namespace VoiceFlow.Benchmarks.Whisper;

/// <summary>Scalar reference vs 128-bit vs AVX2 for the decoder's hot kernels (f16 dot, q5_1 dot) at several lengths.</summary>
[MemoryDiagnoser]
public unsafe class WhisperKernelBenchmarks : IDisposable
{
    private AlignedBuffer _x = null!;
    private AlignedBuffer _w = null!;
    private AlignedBuffer _q = null!;
    private AlignedBuffer _d = null!;

    [Params(64, 384, 1536)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _x = new AlignedBuffer(Length);
        _w = new AlignedBuffer(Length);
        _q = new AlignedBuffer(Length);
        _d = new AlignedBuffer(Length);
        var rng = new Random(1);
        for (int i = 0; i < Length; i++)
        {
            _x.Pointer[i] = (float)rng.NextDouble();
            ((ushort*)_w.Pointer)[i] = BitConverter.HalfToUInt16Bits((Half)rng.NextDouble());
        }

        QuantizeQ8.Scalar(_x.Pointer, Length, (sbyte*)_q.Pointer, _d.Pointer, _d.Pointer + (Length / 32));
    }

    [Benchmark(Baseline = true)]
    public float DotF16_Scalar() => DotF16.Scalar((ushort*)_w.Pointer, _x.Pointer, Length);

    [Benchmark]
    public float DotF16_Vector128() => DotF16.Vector128Dot((ushort*)_w.Pointer, _x.Pointer, Length);

    [Benchmark]
    public float DotF16_Avx2() => DotF16.Avx2Dot((ushort*)_w.Pointer, _x.Pointer, Length);

    [Benchmark]
    public float DotQ5_1_Scalar() => DotQ5_1.Scalar((byte*)_w.Pointer, (sbyte*)_q.Pointer, _d.Pointer, _d.Pointer + (Length / 32), Length / 32 / 2);

    [Benchmark]
    public float DotQ5_1_Avx2() => DotQ5_1.Avx2Dot((byte*)_w.Pointer, (sbyte*)_q.Pointer, _d.Pointer, _d.Pointer + (Length / 32), Length / 32 / 2);

    public void Dispose()
    {
        _x?.Dispose();
        _w?.Dispose();
        _q?.Dispose();
        _d?.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The packed matrix product on an encoder shape (tiny MLP: 1500×384 · 384×1536), 1 and 2 threads.</summary>
[MemoryDiagnoser]
public unsafe class WhisperGemmBenchmarks : IDisposable
{
    private const int M = 1500, K = 384, N = 1536;
    private AlignedBuffer _a = null!;
    private AlignedBuffer _packed = null!;
    private AlignedBuffer _c = null!;
    private LinearExecutorHandle _exec = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _a = new AlignedBuffer((long)M * K);
        _packed = new AlignedBuffer(PackedGemm.PackedBSize(N, K));
        _c = new AlignedBuffer((long)M * N);
        using var b = new AlignedBuffer((long)N * K);
        var rng = new Random(2);
        for (int i = 0; i < M * K; i++)
        {
            _a.Pointer[i] = (float)rng.NextDouble();
        }

        for (int i = 0; i < N * K; i++)
        {
            b.Pointer[i] = (float)rng.NextDouble();
        }

        for (int p = 0; p < PackedGemm.PanelCount(N); p++)
        {
            PackedGemm.PackB(b.Pointer, K, 1, N, K, p, _packed.Pointer);
        }

        _exec = new LinearExecutorHandle();
    }

    [Benchmark]
    public void Multiply() => _exec.Executor.Multiply(_a.Pointer, K, M, K, _packed.Pointer, N, _c.Pointer, N, null, false, Threads);

    public void Dispose()
    {
        _a?.Dispose();
        _packed?.Dispose();
        _c?.Dispose();
        _exec?.Executor.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Holds the executor (an internal type) for the benchmark.</summary>
    private sealed class LinearExecutorHandle
    {
        public VoiceFlow.Whisper.Model.LinearExecutor Executor { get; } = new();
    }
}
