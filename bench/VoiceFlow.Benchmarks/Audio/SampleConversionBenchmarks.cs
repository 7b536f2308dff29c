using BenchmarkDotNet.Attributes;
using VoiceFlow.Core.Audio;

namespace VoiceFlow.Benchmarks.Audio;

/// <summary>PCM decoding and stereo mixdown: scalar reference against the vector paths, per buffer size (in samples).</summary>
[MemoryDiagnoser]
public class SampleConversionBenchmarks
{
    private byte[] _int16 = [];
    private byte[] _int24 = [];
    private float[] _stereo = [];
    private float[] _destination = [];

    [Params(256, 4096, 65536)]
    public int Samples { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _int16 = new byte[Samples * 2];
        _int24 = new byte[Samples * 3];
        random.NextBytes(_int16);
        random.NextBytes(_int24);
        _stereo = new float[Samples * 2];
        for (int i = 0; i < _stereo.Length; i++) _stereo[i] = (float)random.NextDouble();
        _destination = new float[Samples];
    }

    [Benchmark(Baseline = true)]
    public void Int16_Scalar() => SampleConversion.Int16ToFloatScalar(_int16, _destination);

    [Benchmark]
    public void Int16_Vector128() => SampleConversion.Int16ToFloatVector128(_int16, _destination);

    [Benchmark]
    public void Int16_Vector256() => SampleConversion.Int16ToFloatVector256(_int16, _destination);

    [Benchmark]
    public void Int24_Scalar() => SampleConversion.Int24ToFloatScalar(_int24, _destination);

    [Benchmark]
    public void Int24_Vector128() => SampleConversion.Int24ToFloatVector128(_int24, _destination);

    [Benchmark]
    public void StereoToMono_Scalar() => MonoMixdown.Scalar(_stereo, 2, _destination);

    [Benchmark]
    public void StereoToMono_Vector256() => MonoMixdown.StereoVector256(_stereo, _destination);
}
