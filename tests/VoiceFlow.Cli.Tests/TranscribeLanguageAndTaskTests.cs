using System.Text.Json;
using VoiceFlow.Tests.Shared;

namespace VoiceFlow.Cli.Tests;

/// <summary><c>transcribe</c> with <c>--language auto</c> and <c>--translate</c> on Whisper fixture models.</summary>
public class TranscribeLanguageAndTaskTests
{
    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await CliApplication.RunAsync(args, output, error, new Dictionary<string, string>());
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Auto_language_writes_the_detected_language_and_its_probability()
    {
        // whisper.cpp detects "br" for this model and audio (fixtures/whisper-shapes/ref/v3turbo_30s_ts_auto.json: 30 s file).
        string model = SharedFolder.Require("fixtures/whisper-shapes/models/ggml-random-v3turbo-s64-f32.bin");
        string audio = SharedFolder.Require("fixtures/whisper/audio/speech30_16k.wav");

        var (exit, output, error) = await RunAsync("transcribe", "--engine", "whisper", "--model", model, audio, "--language", "auto",
            "--format", "json", "--beam-size", "1", "--best-of", "1", "--no-fallback", "--set", "hallucination_filter=false", "--set", "vad_enabled=false");

        Assert.True(exit == 0, error);
        using var document = JsonDocument.Parse(output);
        Assert.Equal("br", document.RootElement.GetProperty("language").GetString());
        Assert.InRange(document.RootElement.GetProperty("language_probability").GetDouble(), 0.0001, 1);
        Assert.Matches(@"detected language br \(p = 0\.\d\d\)", error);
    }

    [Fact]
    public async Task A_given_language_has_no_probability()
    {
        string model = SharedFolder.Require("fixtures/whisper-shapes/models/ggml-random-multi-s64-f32.bin");
        string audio = SharedFolder.Require("fixtures/whisper/audio/speech10_16k.wav");

        var (exit, output, error) = await RunAsync("transcribe", "--engine", "whisper", "--model", model, audio, "--language", "de",
            "--format", "json", "--beam-size", "1", "--best-of", "1", "--no-fallback", "--set", "hallucination_filter=false");

        Assert.True(exit == 0, error);
        using var document = JsonDocument.Parse(output);
        Assert.Equal("de", document.RootElement.GetProperty("language").GetString());
        Assert.False(document.RootElement.TryGetProperty("language_probability", out _));
        Assert.DoesNotContain("detected language", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Translate_with_an_english_only_model_fails_with_the_cause()
    {
        string model = SharedFolder.Require("fixtures/whisper/models/ggml-random-test-s64-f32.bin");
        string audio = SharedFolder.Require("fixtures/whisper/audio/speech10_16k.wav");

        var (exit, _, error) = await RunAsync("transcribe", "--engine", "whisper", "--model", model, audio, "--translate");

        Assert.NotEqual(0, exit);
        Assert.Contains("Whisper translation needs a multilingual model; this model is English-only (*.en).", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_task_key_shows_in_config_show()
    {
        var (exit, output, error) = await RunAsync("--set", "task=translate", "config", "show");

        Assert.True(exit == 0, error);
        Assert.Matches(@"task\W+translate", output);
    }
}
