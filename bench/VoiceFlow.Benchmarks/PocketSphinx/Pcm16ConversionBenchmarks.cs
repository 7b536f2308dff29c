using BenchmarkDotNet.Attributes;
using VoiceFlow.PocketSphinx.Audio;

namespace VoiceFlow.Benchmarks.PocketSphinx;

/// <summary>Float → 16-bit PCM before every native call: scalar reference against the vector path.</summary>
[MemoryDiagnoser]
public class Pcm16ConversionBenchmarks
{
    private float[] _source = [];
    private short[] _destination = [];

    [Params(512, 4096, 16_000 * 25)]
    public int Samples { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _source = [.. Enumerable.Range(0, Samples).Select(_ => (float)((random.NextDouble() * 2.2) - 1.1))];
        _destination = new short[Samples];
    }

    [Benchmark(Baseline = true)]
    public void Scalar() => Pcm16Converter.ConvertScalar(_source, _destination);

    [Benchmark]
    public void Vector() => Pcm16Converter.Convert(_source, _destination);
}
