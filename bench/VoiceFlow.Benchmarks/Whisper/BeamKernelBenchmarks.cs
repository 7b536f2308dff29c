using BenchmarkDotNet.Attributes;
using VoiceFlow.Whisper.Kernels;

namespace VoiceFlow.Benchmarks.Whisper;

/// <summary>
/// The kernels that serve all beams of a step at once against the same work one beam at a time: the f16 row dot of a
/// 384-wide decoder row, and one head's cross-attention over the 1500 encoder positions (head size 64).
/// Run: <c>dotnet run -c Release --project bench/VoiceFlow.Benchmarks -- --filter '*BeamKernel*'</c>.
/// </summary>
[MemoryDiagnoser]
public unsafe class BeamKernelBenchmarks : IDisposable
{
    private const int Row = 384, Positions = 1500, HeadDim = 64;
    private AlignedBuffer _w = null!;
    private AlignedBuffer _x = null!;
    private AlignedBuffer _kv = null!;
    private AlignedBuffer _scores = null!;
    private AlignedBuffer _out = null!;

    [Params(1, 2, 5)]
    public int Beams { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(4);
        _w = new AlignedBuffer(Row);
        _x = new AlignedBuffer(8 * Row);
        _kv = new AlignedBuffer(Positions * HeadDim / 2);
        _scores = new AlignedBuffer(8 * Positions);
        _out = new AlignedBuffer(8 * Row);
        for (int i = 0; i < Row; i++)
        {
            ((ushort*)_w.Pointer)[i] = BitConverter.HalfToUInt16Bits((Half)(rng.NextDouble() - 0.5));
        }

        for (int i = 0; i < 8 * Row; i++)
        {
            _x.Pointer[i] = (float)(rng.NextDouble() - 0.5);
        }

        for (int i = 0; i < Positions * HeadDim; i++)
        {
            ((ushort*)_kv.Pointer)[i] = BitConverter.HalfToUInt16Bits((Half)(rng.NextDouble() - 0.5));
        }

        for (int i = 0; i < 8 * Positions; i++)
        {
            _scores.Pointer[i] = (float)rng.NextDouble() / Positions;
        }
    }

    [Benchmark(Baseline = true)]
    public float Dot_one_beam_at_a_time()
    {
        float sum = 0;
        for (int t = 0; t < Beams; t++)
        {
            sum += DotF16.Avx2Dot((ushort*)_w.Pointer, _x.Pointer + (t * Row), Row);
        }

        return sum;
    }

    [Benchmark]
    public float Dot_all_beams()
    {
        DotF16.Avx2DotRows((ushort*)_w.Pointer, _x.Pointer, Row, Beams, Row, _out.Pointer);
        return _out.Pointer[0];
    }

    [Benchmark]
    public void Attention_one_beam_at_a_time()
    {
        for (int t = 0; t < Beams; t++)
        {
            AttentionF16.Scores((ushort*)_kv.Pointer, HeadDim, Positions, _x.Pointer + (t * Row), HeadDim, _scores.Pointer + (t * Positions));
            AttentionF16.WeightedSum(_scores.Pointer + (t * Positions), (ushort*)_kv.Pointer, HeadDim, Positions, HeadDim, _out.Pointer + (t * Row));
        }
    }

    [Benchmark]
    public void Attention_all_beams()
    {
        SharedAttentionF16.Scores((ushort*)_kv.Pointer, HeadDim, Positions, _x.Pointer, Row, Beams, HeadDim, _scores.Pointer, Positions);
        SharedAttentionF16.WeightedSum(_scores.Pointer, Positions, Beams, (ushort*)_kv.Pointer, HeadDim, Positions, HeadDim, _out.Pointer, Row);
    }

    public void Dispose()
    {
        _w?.Dispose();
        _x?.Dispose();
        _kv?.Dispose();
        _scores?.Dispose();
        _out?.Dispose();
        GC.SuppressFinalize(this);
    }
}
