using System.Text.Json;
using VoiceFlow.Core.Tests.Vad.Silero;
using VoiceFlow.Tests.Shared;

namespace VoiceFlow.Cli.Tests;

/// <summary>
/// Noise alone (white noise, key clicks, music-like chords: the Silero fixture recordings) gives no text through
/// either engine when Silero decides what is speech: nothing reaches the recogniser, so nothing is invented.
/// </summary>
public sealed class NoiseOnlyTranscriptionTests
{
    public static TheoryData<string, string> NoisesAndEngines()
    {
        var data = new TheoryData<string, string>();
        foreach (string noise in SileroTestModels.NoiseRecordings)
        {
            data.Add(noise, "pocketsphinx");
            data.Add(noise, "whisper");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NoisesAndEngines))]
    public async Task Noise_alone_gives_no_text(string noise, string engine)
    {
        string model = SileroTestModels.RequirePath("v6");
        string audio = SharedFolder.Require($"fixtures/silero/audio/{noise}");
        string[] args = ["transcribe", "--engine", engine, "--set", "vad_detector=silero", "--set", $"vad_silero_model={model}", "--format", "json", audio];
        if (engine == "whisper")
        {
            // Random weights invent text from anything that reaches them: the strictest check that nothing does.
            args = [.. args, "--model", SharedFolder.Require("fixtures/whisper/models/ggml-random-tiny.en-f16.bin"), "--beam-size", "1", "--best-of", "1", "--no-fallback"];
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await CliApplication.RunAsync(args, output, error, new Dictionary<string, string>());

        Assert.True(exit == 0, error.ToString());
        using var document = JsonDocument.Parse(output.ToString());
        Assert.Equal("", document.RootElement.GetProperty("text").GetString());
    }
}
