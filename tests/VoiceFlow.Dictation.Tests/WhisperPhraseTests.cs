using VoiceFlow.Dictation.Tests.Support;
using VoiceFlow.Tests.Shared;
using VoiceFlow.Whisper.Engine;
using VoiceFlow.Whisper.Model;

namespace VoiceFlow.Dictation.Tests;

/// <summary>
/// The real Whisper engine (the shared fixture's tiny model: random weights, so its words mean nothing) through the
/// daemon's phrase cutting: each phrase decoded while the user goes on, the earlier phrases' text as its prompt.
/// </summary>
public sealed class WhisperPhraseTests
{
    [Fact]
    public async Task A_whisper_dictation_with_a_pause_is_decoded_while_recording_and_stored_once()
    {
        string model = Path.Combine(SharedFolder.Path ?? "", "fixtures", "whisper", "models", "ggml-random-tiny.en-f16.bin");
        if (!File.Exists(model))
        {
            Assert.Skip($"Whisper fixture model not found: {model}");
        }

        await using var whisper = new WhisperEngineFactory(WhisperModel.Load(model), "fixture tiny.en");
        var counted = new BatchOnlyEngine(whisper, keepPrompt: true);
        await using var harness = await DaemonHarness.StartAsync(counted);
        var (first, second) = (Speech.Sentence(Speech.First), Speech.Sentence(Speech.Second));
        var spoken = new SpokenSentence(first.Item, [.. first.Samples, .. new float[16_000], .. second.Samples]);

        // Ready means warm: the warm-up's decode is done once the socket answers.
        await harness.Client.SendAsync("status", TestContext.Current.CancellationToken);
        int before = counted.Decodes;
        var ended = await harness.DictateAsync(spoken);
        await harness.Daemon.WhenStoredAsync();

        Assert.Equal(1, harness.Daemon.DecodedWhileRecording);
        // One decode per sentence, each at its pause or at end.
        Assert.True(counted.Decodes - before >= 2, $"{counted.Decodes - before} decodes");
        Assert.Equal(harness.History.Entries.Select(e => e.Text), string.IsNullOrEmpty(ended.Text) ? [] : [ended.Text!]);
    }
}
