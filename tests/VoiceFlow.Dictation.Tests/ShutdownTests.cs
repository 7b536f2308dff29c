using VoiceFlow.Dictation.Protocol;
using VoiceFlow.Dictation.Tests.Support;

namespace VoiceFlow.Dictation.Tests;

/// <summary>Stopping (shutdown, SIGTERM, Ctrl+C) finishes the dictation in flight.</summary>
public sealed class ShutdownTests(EngineFixture engine)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_ended_dictation_in_flight_is_delivered_and_answered_before_the_daemon_exits()
    {
        await using var harness = await DaemonHarness.StartAsync(engine.Factory);
        var sentence = Speech.Sentence();
        await harness.Client.SendAsync("begin", Ct);
        harness.Capture.Play(sentence.Samples);
        await Task.Delay(sentence.Duration + TimeSpan.FromMilliseconds(100), Ct);

        var ending = harness.Client.SendAsync("end", Ct);
        // The stop must arrive after the daemon took the end (a fixed delay loses that race on a busy machine) and
        // while the tail (0.35 s of paced capture) is still being recorded.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (harness.Daemon.GetStatus().State != "tail" && !ending.IsCompleted)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "the daemon never started recording the tail");
            await Task.Delay(5, Ct);
        }

        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();
        await harness.Server.RunUntilShutdownAsync(stop.Token).WaitAsync(TimeSpan.FromSeconds(30), Ct);

        var ended = await ending.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Speech.AssertRecognised(sentence, ended.Text!);
        Assert.Equal([ended.Text!], harness.Output.Delivered);
        Assert.Single(harness.History.Entries);
        Assert.False(File.Exists(harness.Paths.SocketPath));
    }

    [Fact]
    public async Task An_open_recording_goes_to_history_but_is_not_typed_when_the_daemon_stops()
    {
        await using var harness = await DaemonHarness.StartAsync(engine.Factory);
        var sentence = Speech.Sentence();
        await harness.Client.SendAsync("begin", Ct);
        harness.Capture.Play(sentence.Samples);
        await Task.Delay(sentence.Duration + TimeSpan.FromMilliseconds(100), Ct);

        await harness.Client.SendAsync(DictationCommands.Shutdown, Ct);
        await harness.Server.RunUntilShutdownAsync(Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Speech.AssertRecognised(sentence, Assert.Single(harness.History.Entries).Text);
        Assert.Empty(harness.Output.Delivered);
        Assert.Empty(harness.Daemon.Pending.List());
    }

    [Fact]
    public async Task While_stopping_begin_is_refused()
    {
        await using var harness = await DaemonHarness.StartAsync(engine.Factory);

        _ = harness.Daemon.StopAsync();

        var refused = await Assert.ThrowsAsync<DictationStateException>(() => harness.Daemon.BeginAsync(Ct));
        Assert.Contains("shutting down", refused.Message, StringComparison.Ordinal);
    }
}
