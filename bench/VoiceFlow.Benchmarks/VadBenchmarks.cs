using BenchmarkDotNet.Attributes;
using VoiceFlow.Core.Vad;

namespace VoiceFlow.Benchmarks;

/// <summary>Streaming energy VAD over 60 s of tone bursts and noise, in blocks of different sizes.</summary>
[MemoryDiagnoser]
public class VadBenchmarks
{
    private float[] _audio = [];
    private EnergyVad _vad = null!;

    [Params(160, 1600, 16000)]
    public int BlockSamples { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _audio = new float[16_000 * 60];
        for (int i = 0; i < _audio.Length; i++)
        {
            bool burst = i / 16_000 % 3 != 0;
            _audio[i] = (float)((random.NextDouble() * 2 - 1) * 0.01 + (burst ? 0.3 * Math.Sin(i * 0.2) : 0));
        }

        _vad = new EnergyVad();
    }

    [Benchmark]
    public int StreamOneMinute()
    {
        _vad.Reset();
        int segments = 0;
        for (int i = 0; i < _audio.Length; i += BlockSamples)
        {
            _vad.Process(_audio.AsSpan(i, Math.Min(BlockSamples, _audio.Length - i)));
            while (_vad.TryDequeue(out _))
            {
                segments++;
            }
        }

        return segments;
    }
}
