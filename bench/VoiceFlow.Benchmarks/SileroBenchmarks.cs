using BenchmarkDotNet.Attributes;
using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Vad.Silero;

namespace VoiceFlow.Benchmarks;

/// <summary>
/// Silero VAD v6 over 60 s of audio (1875 chunks of 512 samples): the cost per second of audio is the mean / 60, and
/// the allocation column must stay 0 B (every buffer lives in the network). Needs the model installed by scripts/test.
/// Two inputs, because the cost depends on the audio (blocks 2–4 and the LSTM skip the weights of zero activations):
/// <c>synthetic</c> (noise and tone bursts, the input of the earlier figures) and <c>librivox</c> (the read speech of
/// Debian's pocketsphinx-testdata, which scripts/test installs, looped to 60 s).
/// </summary>
[MemoryDiagnoser]
public class SileroBenchmarks
{
    private const string LibriVoxFolder = "/usr/share/pocketsphinx/test/data/librivox";

    /// <summary>The audio: synthetic noise and tones, or real read speech.</summary>
    [Params("synthetic", "librivox")]
    public string Audio { get; set; } = "synthetic";

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
        _audio = new float[SileroModel.ChunkSamples * 1875];
        if (Audio == "librivox")
        {
            FillWithReadSpeech(_audio);
            return;
        }

        var random = new Random(1);
        for (int i = 0; i < _audio.Length; i++)
        {
            bool burst = i / 16_000 % 3 != 0;
            _audio[i] = (float)((random.NextDouble() * 2 - 1) * 0.01 + (burst ? 0.3 * Math.Sin(i * 0.2) : 0));
        }
    }

    /// <summary>Every LibriVox recording of pocketsphinx-testdata in name order, repeated until the buffer is full.</summary>
    private static void FillWithReadSpeech(float[] audio)
    {
        string[] files = Directory.Exists(LibriVoxFolder) ? Directory.GetFiles(LibriVoxFolder, "*.wav") : [];
        if (files.Length == 0)
        {
            throw new InvalidOperationException($"no recordings in {LibriVoxFolder}: install pocketsphinx-testdata (scripts/test does)");
        }

        Array.Sort(files, StringComparer.Ordinal);
        var speech = files.SelectMany(file => AudioFileLoader.LoadMono16kAsync(file).GetAwaiter().GetResult().Samples.ToArray()).ToArray();
        for (int i = 0; i < audio.Length; i++)
        {
            audio[i] = speech[i % speech.Length];
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
