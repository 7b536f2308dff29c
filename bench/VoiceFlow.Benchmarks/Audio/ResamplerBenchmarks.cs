using BenchmarkDotNet.Attributes;
using VoiceFlow.Core.Audio;

namespace VoiceFlow.Benchmarks.Audio;

/// <summary>
/// Streaming resampler throughput: one second of input per operation, in blocks of 20 ms as live capture
/// delivers them, so input samples per second = InputRate / mean time. Steady state allocates nothing.
/// </summary>
[MemoryDiagnoser]
public class ResamplerBenchmarks
{
    private StreamingResampler _resampler = null!;
    private float[] _input = [];
    private float[] _output = [];
    private int _block;

    [Params(48000, 44100, 22050, 8000)]
    public int InputRate { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _resampler = new StreamingResampler(InputRate, AudioFormat.RecognizerSampleRate);
        var random = new Random(1);
        _input = new float[InputRate];
        for (int i = 0; i < _input.Length; i++) _input[i] = (float)((random.NextDouble() * 2) - 1);
        _block = InputRate / 50;
        _output = new float[_resampler.MaxOutputLength(_block)];
    }

    [Benchmark]
    public int OneSecondIn20msBlocks()
    {
        int written = 0;
        for (int start = 0; start + _block <= _input.Length; start += _block)
            written += _resampler.Process(_input.AsSpan(start, _block), _output);
        return written;
    }

    [Benchmark]
    public float[] OneShotOneSecond() => Resampler.Resample(_input, InputRate, AudioFormat.RecognizerSampleRate);
}
