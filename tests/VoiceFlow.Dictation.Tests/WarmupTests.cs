using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Dictation.Tests.Support;

namespace VoiceFlow.Dictation.Tests;

/// <summary>Warm at ready: the daemon decodes synthetic audio before it answers, so the first dictation is not the slow one.</summary>
public sealed class WarmupTests(PrivateEngineFixture engine) : IClassFixture<PrivateEngineFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_warm_up_reaches_the_engine_and_delivers_and_stores_nothing()
    {
        await using var harness = await DaemonHarness.StartAsync(engine.Factory);
        long jobsBefore = harness.Service.Access.Jobs;

        await harness.Daemon.WarmAsync(Ct);

        // Its audio passes the silence check and the detector, so the engine itself ran (a silent warm-up would not).
        Assert.True(harness.Service.Access.Jobs > jobsBefore, "the warm-up never reached the engine");
        Assert.NotEmpty(harness.Service.SpeechDetector.Detect(Daemon.EngineWarmup.Signal()));
        Assert.Empty(harness.Output.Delivered);
        Assert.Empty(harness.History.Entries);
        Assert.Empty(harness.Daemon.Pending.List());
        Assert.Equal(0, (await harness.Client.SendAsync("status", Ct)).Status!.Completed);
    }

    [Fact]
    public async Task After_the_warm_up_a_dictation_is_decoded_while_recording_with_its_own_words()
    {
        await using var harness = await DaemonHarness.StartAsync(engine.Factory);
        await harness.Daemon.WarmAsync(Ct);
        var sentence = Speech.Sentence();

        var ended = await harness.DictateAsync(sentence);

        Speech.AssertFirstAndLastWords(sentence, ended.Text!);
        Assert.Equal(1, harness.Daemon.DecodedWhileRecording);
    }
}
