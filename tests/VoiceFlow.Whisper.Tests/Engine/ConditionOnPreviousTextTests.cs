using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Engines;
using VoiceFlow.Whisper.Engine;
using VoiceFlow.Whisper.Tests.Support;

namespace VoiceFlow.Whisper.Tests.Engine;

/// <summary>condition_on_previous_text, from the configuration to the prompt of Whisper's next window.</summary>
public sealed class ConditionOnPreviousTextTests
{
    private const int Hello = 256;
    private const int Eot = 50256;
    private const int Sot = 50257;
    private const int Prev = 50360;
    private const int NoTimestamps = 50362;

    /// <summary>Says " hello" once per window, then ends it.</summary>
    private static FakeWhisperModel HelloPerWindow() => new((step, logits) =>
    {
        Array.Fill(logits, -30f);
        logits[step.Tokens[^1] == NoTimestamps ? Hello : Eot] = 10f;
        return true;
    }, words: [" hello"]);

    private static TranscriptionOptions Configured(bool condition) =>
        ConfigurationLoader.Load(new ConfigurationRequest
        {
            Environment = new Dictionary<string, string>(),
            CommandLine = [new ConfigSetting("condition_on_previous_text", condition ? "true" : "false", "test")],
        }).Options.ToTranscriptionOptions() with { Timestamps = false };

    /// <summary>The prompt each window's decoding started from (the calls that end in start-of-transcript, no-timestamps).</summary>
    private static async Task<List<int[]>> WindowPromptsAsync(bool condition)
    {
        var model = HelloPerWindow();
        await using var factory = new WhisperEngineFactory(model, "fake");
        await using var processor = factory.CreateProcessor(Configured(condition));
        await foreach (var _ in processor.ProcessAsync(new float[16_000 * 40], TestContext.Current.CancellationToken))
        {
        }

        return [.. model.Prompts.Select(p => p.ToArray()).Where(p => p.Length >= 2 && p[^2] == Sot && p[^1] == NoTimestamps)];
    }

    [Fact]
    public async Task Off_every_window_starts_from_the_bare_prompt()
    {
        var prompts = await WindowPromptsAsync(condition: false);
        Assert.Equal([[Sot, NoTimestamps], [Sot, NoTimestamps]], prompts);
    }

    [Fact]
    public async Task On_the_next_window_is_prompted_with_the_previous_windows_text()
    {
        var prompts = await WindowPromptsAsync(condition: true);
        Assert.Equal([[Sot, NoTimestamps], [Prev, Hello, Eot, Sot, NoTimestamps]], prompts);
    }
}
