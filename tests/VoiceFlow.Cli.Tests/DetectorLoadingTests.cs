using System.Text.Json;
using VoiceFlow.Core.Tests.Vad.Silero;
using VoiceFlow.Tests.Shared;

namespace VoiceFlow.Cli.Tests;

/// <summary>
/// A transcription loads the voice detector's model only when it uses the detector: with vad_enabled=false a Silero
/// model is never read (a faster, smaller start), and with the VAD on a corrupt one is a clear error naming the file.
/// </summary>
public sealed class DetectorLoadingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("voiceflow-detector-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task With_the_vad_off_a_corrupt_silero_model_is_never_read()
    {
        string corrupt = CorruptModel();

        var (exit, output, error) = await TranscribeAsync(corrupt, vadEnabled: false);

        Assert.True(exit == 0, error);
        using var document = JsonDocument.Parse(output);
        Assert.NotEqual("", document.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task With_the_vad_on_a_corrupt_silero_model_is_one_error_naming_the_file()
    {
        string corrupt = CorruptModel();

        var (exit, output, error) = await TranscribeAsync(corrupt, vadEnabled: true);

        Assert.NotEqual(0, exit);
        Assert.Contains(corrupt, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Equal("", output);
    }

    private string CorruptModel()
    {
        string path = Path.Combine(_folder, "silero_vad_v6.onnx");
        File.WriteAllBytes(path, File.ReadAllBytes(SileroTestModels.RequirePath("v6")).AsSpan(0, 5_000).ToArray());
        return path;
    }

    private static async Task<(int Exit, string Output, string Error)> TranscribeAsync(string sileroModel, bool vadEnabled)
    {
        string audio = SharedFolder.Require("fixtures/silero/audio/speech10_16k.wav");
        string[] args = ["transcribe", "--engine", "pocketsphinx", "--set", "vad_detector=silero", "--set", $"vad_silero_model={sileroModel}",
            "--set", $"vad_enabled={(vadEnabled ? "true" : "false")}", "--set", "history_enabled=false", "--format", "json", audio];
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await CliApplication.RunAsync(args, output, error, new Dictionary<string, string>());
        return (exit, output.ToString(), error.ToString());
    }
}
