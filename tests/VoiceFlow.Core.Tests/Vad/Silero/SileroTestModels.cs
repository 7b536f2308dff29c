using System.Text.Json;
using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Vad.Silero;

namespace VoiceFlow.Core.Tests.Vad.Silero;

/// <summary>
/// The official Silero models as scripts/test installs them (the models folder, $XDG_DATA_HOME/voiceflow/models or
/// ~/.local/share/voiceflow/models; VOICEFLOW_SILERO_DIR overrides), and the shared reference probabilities.
/// </summary>
internal static class SileroTestModels
{
    private static readonly Dictionary<string, SileroModel> s_loaded = [];
    private static readonly Lock s_lock = new();

    public static TheoryData<string> Versions => ["v5", "v6"];

    /// <summary>The fixture recordings (file names under silero/audio).</summary>
    public static readonly string[] Recordings =
        ["speech10_16k.wav", "speech30_16k.wav", "librivox-0880_16k.wav", "speech10-pink_16k.wav", "noise-white20_16k.wav", "noise-keys_16k.wav", "noise-chord_16k.wav"];

    public static readonly string[] NoiseRecordings = ["noise-white20_16k.wav", "noise-keys_16k.wav", "noise-chord_16k.wav"];

    public static TheoryData<string, string> RecordingsAndVersions()
    {
        var data = new TheoryData<string, string>();
        foreach (string recording in Recordings)
        {
            data.Add(recording, "v5");
            data.Add(recording, "v6");
        }

        return data;
    }

    /// <summary>Where the models are installed.</summary>
    public static string Directory
    {
        get
        {
            string? overridden = Environment.GetEnvironmentVariable("VOICEFLOW_SILERO_DIR");
            if (!string.IsNullOrWhiteSpace(overridden))
            {
                return overridden;
            }

            string? data = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            if (string.IsNullOrEmpty(data) || !Path.IsPathRooted(data))
            {
                data = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            }

            return Path.Combine(data, "voiceflow", "models");
        }
    }

    /// <summary>Path of the installed model; skips the test when scripts/test has not installed it.</summary>
    public static string RequirePath(string version)
    {
        var release = SileroModelVersion.FromName(version) ?? throw new ArgumentException(version);
        string path = Path.Combine(Directory, release.FileName);
        if (!File.Exists(path))
        {
            Assert.Skip($"{path} is not installed (scripts/test installs it from npm {SileroModelVersion.NpmPackage})");
        }

        return path;
    }

    /// <summary>The loaded model (cached for the test run).</summary>
    public static SileroModel Require(string version)
    {
        string path = RequirePath(version);
        lock (s_lock)
        {
            if (!s_loaded.TryGetValue(version, out var model))
            {
                model = SileroModel.Load(path);
                s_loaded[version] = model;
            }

            return model;
        }
    }

    /// <summary>A fixture recording as 16 kHz floats (int16 / 32768).</summary>
    public static async Task<float[]> LoadRecordingAsync(string name)
    {
        string path = SharedFixtures.File(Path.Combine("fixtures", "silero", "audio", name));
        var audio = await AudioFileLoader.LoadMono16kAsync(path, cancellationToken: TestContext.Current.CancellationToken);
        return audio.Samples.ToArray();
    }

    /// <summary>ONNX Runtime's probabilities for a recording (one per chunk).</summary>
    public static float[] Reference(string recording, string version)
    {
        string path = SharedFixtures.File(Path.Combine("fixtures", "silero", "ref", Path.ChangeExtension(recording, null) + $".silero_{version}.probs.json"));
        return JsonSerializer.Deserialize<float[]>(File.ReadAllText(path))!;
    }

    /// <summary>The managed network's probabilities, chunk by chunk, the last chunk zero-padded (as silero-vad's wrapper does).</summary>
    public static float[] ManagedProbabilities(SileroModel model, ReadOnlySpan<float> samples, bool useFft = true)
    {
        var network = new SileroNetwork(model, useFft);
        int chunks = (samples.Length + SileroModel.ChunkSamples - 1) / SileroModel.ChunkSamples;
        var probabilities = new float[chunks];
        var last = new float[SileroModel.ChunkSamples];
        for (int i = 0; i < chunks; i++)
        {
            int start = i * SileroModel.ChunkSamples;
            if (start + SileroModel.ChunkSamples <= samples.Length)
            {
                probabilities[i] = network.Process(samples.Slice(start, SileroModel.ChunkSamples));
            }
            else
            {
                samples[start..].CopyTo(last);
                probabilities[i] = network.Process(last);
            }
        }

        return probabilities;
    }
}
