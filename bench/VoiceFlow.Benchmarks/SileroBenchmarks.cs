using BenchmarkDotNet.Attributes;
using VoiceFlow.Core.Vad.Silero;

namespace VoiceFlow.Benchmarks;

/// <summary>
/// Silero VAD v6 over 60 s of audio (1875 chunks of 512 samples): the cost per second of audio is the mean / 60, and
/// the allocation column must stay 0 B (every buffer lives in the network). Needs the model installed by scripts/test.
/// </summary>
[MemoryDiagnoser]
public class SileroBenchmarks
{
    private float[] _audio = [];
    private SileroNetwork _network = null!;
    private SileroStreamingVad _stream = null!;
    private float[] _probabilities = [];

    [GlobalSetup]
    public void Setup()
    {
        string data = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        _network = new SileroNetwork(SileroModel.Load(Path.Combine(data, "voiceflow", "models", SileroModelVersion.V6.FileName)));
        _stream = new SileroStreamingVad(new SileroNetwork(_network.Model));
        _probabilities = new float[1875];
        var random = new Random(1);
        _audio = new float[SileroModel.ChunkSamples * 1875];
        for (int i = 0; i < _audio.Length; i++)
        {
            bool burst = i / 16_000 % 3 != 0;
            _audio[i] = (float)((random.NextDouble() * 2 - 1) * 0.01 + (burst ? 0.3 * Math.Sin(i * 0.2) : 0));
        }
    }

    /// <summary>A live stream fed one 32 ms chunk at a time: every chunk reads all the weights.</summary>
    [Benchmark(Baseline = true)]
    public float SixtySecondsOfAudio()
    {
        _network.Reset();
        float sum = 0;
        for (int i = 0; i < _audio.Length; i += SileroModel.ChunkSamples)
        {
            sum += _network.Process(_audio.AsSpan(i, SileroModel.ChunkSamples));
        }

        return sum;
    }

    /// <summary>A live stream as capture delivers it, 100 ms blocks (three whole chunks share each weight read).</summary>
    [Benchmark]
    public float SixtySecondsOfAudioIn100MsBlocks()
    {
        _stream.Reset();
        float sum = 0;
        for (int i = 0; i < _audio.Length; i += 1600)
        {
            _stream.Process(_audio.AsSpan(i, Math.Min(1600, _audio.Length - i)));
            sum += _stream.LastProbability;
        }

        return sum;
    }

    /// <summary>A file: all chunks given at once, <see cref="SileroNetwork.BatchChunks"/> per weight read.</summary>
    [Benchmark]
    public float SixtySecondsOfAudioAsAFile()
    {
        _network.Reset();
        _network.ProcessChunks(_audio, _probabilities);
        return _probabilities[^1];
    }
}
