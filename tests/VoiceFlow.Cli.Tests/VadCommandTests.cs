using System.Text.Json;
using VoiceFlow.Core.Tests;
using VoiceFlow.Core.Tests.Vad.Silero;
using VoiceFlow.Tests.Shared;

namespace VoiceFlow.Cli.Tests;

/// <summary><c>voiceflow vad</c> in a private XDG_DATA_HOME whose models folder holds what each test puts there.</summary>
public sealed class VadCommandTests : IDisposable
{
    private readonly TempFolder _data = new();

    private string ModelsDirectory => Path.Combine(_data.Path, "voiceflow", "models");

    private static string Recording(string name) => SharedFixtures.File(Path.Combine("fixtures", "silero", "audio", name));

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Json_gives_the_detector_the_model_the_segments_and_one_probability_per_chunk()
    {
        InstallModel("v6");
        string file = Recording("speech10_16k.wav");

        var run = await RunAsync("vad", file, "--format", "json");

        Assert.True(run.Exit == 0, run.Error);
        using var document = JsonDocument.Parse(run.Output);
        var root = document.RootElement;
        Assert.Equal(file, root.GetProperty("file").GetString());
        Assert.Equal("silero", root.GetProperty("detector").GetString());
        Assert.Contains("silero-vad v6", root.GetProperty("model").GetString(), StringComparison.Ordinal);
        var segments = root.GetProperty("segments").EnumerateArray().ToList();
        Assert.NotEmpty(segments);
        Assert.All(segments, s => Assert.True(s.GetProperty("end").GetDouble() > s.GetProperty("start").GetDouble()));
        var probabilities = root.GetProperty("probabilities").EnumerateArray().Select(p => p.GetSingle()).ToArray();
        var reference = SileroTestModels.Reference("speech10_16k.wav", "v6");
        Assert.Equal(reference.Length, probabilities.Length);
        Assert.All(reference.Zip(probabilities), pair => Assert.True(Math.Abs(pair.First - pair.Second) <= 2e-4, $"{pair.First} vs {pair.Second}"));
    }

    [Fact]
    public async Task Text_gives_one_segment_per_line_and_noise_gives_none()
    {
        InstallModel("v6");

        var speech = await RunAsync("vad", Recording("speech10_16k.wav"));
        var noise = await RunAsync("vad", Recording("noise-keys_16k.wav"), Recording("noise-chord_16k.wav"), "--detector", "silero");

        Assert.True(speech.Exit == 0, speech.Error);
        var lines = speech.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Matches(@"^\d+\.\d{3}\t\d+\.\d{3}$", line));
        Assert.True(noise.Exit == 0, noise.Error);
        Assert.Equal(2, noise.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.EndsWith("\t(no speech)", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Without_a_model_auto_uses_the_energy_detector_without_an_error()
    {
        var run = await RunAsync("vad", Recording("speech10_16k.wav"), "--format", "json");

        Assert.True(run.Exit == 0, run.Error);
        using var document = JsonDocument.Parse(run.Output);
        Assert.Equal("energy", document.RootElement.GetProperty("detector").GetString());
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("model").ValueKind);
        Assert.NotEmpty(document.RootElement.GetProperty("segments").EnumerateArray());
        // The one information line goes through the console logger (SpeechDetectorsTests checks it).
        Assert.DoesNotContain("error", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_model_is_one_error_line_naming_the_file()
    {
        Directory.CreateDirectory(ModelsDirectory);
        string model = Path.Combine(ModelsDirectory, "silero_vad_v6.onnx");
        File.WriteAllBytes(model, File.ReadAllBytes(SileroTestModels.RequirePath("v6")).AsSpan(0, 5_000).ToArray());

        var run = await RunAsync("vad", Recording("speech10_16k.wav"));

        Assert.Equal(5, run.Exit);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(model, line, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task An_explicit_model_and_the_energy_flag_are_honoured()
    {
        string v5 = SileroTestModels.RequirePath("v5");

        var silero = await RunAsync("vad", Recording("speech10_16k.wav"), "--model", v5, "--format", "json");
        var energy = await RunAsync("vad", Recording("speech10_16k.wav"), "--model", v5, "--detector", "energy", "--format", "json");

        using var sileroJson = JsonDocument.Parse(silero.Output);
        using var energyJson = JsonDocument.Parse(energy.Output);
        Assert.Contains("silero-vad v5", sileroJson.RootElement.GetProperty("model").GetString(), StringComparison.Ordinal);
        Assert.Equal("energy", energyJson.RootElement.GetProperty("detector").GetString());
        Assert.Empty(energyJson.RootElement.GetProperty("probabilities").EnumerateArray());
    }

    private void InstallModel(string version)
    {
        string source = SileroTestModels.RequirePath(version);
        Directory.CreateDirectory(ModelsDirectory);
        File.Copy(source, Path.Combine(ModelsDirectory, Path.GetFileName(source)), overwrite: true);
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new Dictionary<string, string> { ["XDG_DATA_HOME"] = _data.Path, ["HOME"] = _data.Sub("home") };
        int exit = await CliApplication.RunAsync(args, output, error, environment);
        return (exit, output.ToString(), error.ToString());
    }
}
