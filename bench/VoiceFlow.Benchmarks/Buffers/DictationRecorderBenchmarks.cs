using BenchmarkDotNet.Attributes;
using VoiceFlow.Core.Buffers;
using VoiceFlow.Dictation.Recording;

namespace VoiceFlow.Benchmarks.Buffers;

/// <summary>
/// The recorder's per-block cost while idle (pre-roll only) and while recording (pre-roll and a
/// 10 s ring that wraps): must allocate 0 bytes.
/// </summary>
[MemoryDiagnoser]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class DictationRecorderBenchmarks
{
    private const int BlocksPerInvoke = 64;

    private DictationRecorder _idle = null!;
    private DictationRecorder _recording = null!;
    private float[] _block = [];

    [Params(512, 1600)]
    public int BlockSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _block = new float[BlockSize];
        Array.Fill(_block, 0.1f);
        var pool = new AudioBufferPool(pooling: true, buffersKeptReady: 2);
        var settings = new DictationRecorderSettings { RecordingCapSeconds = 10 };
        _idle = new DictationRecorder(settings, pool);
        _recording = new DictationRecorder(settings, pool);
        _recording.Begin();
    }

    [Benchmark(OperationsPerInvoke = BlocksPerInvoke)]
    public void WriteIdle()
    {
        for (int i = 0; i < BlocksPerInvoke; i++)
        {
            _idle.Write(_block);
        }
    }

    [Benchmark(OperationsPerInvoke = BlocksPerInvoke)]
    public void WriteRecording()
    {
        for (int i = 0; i < BlocksPerInvoke; i++)
        {
            _recording.Write(_block);
        }
    }
}
