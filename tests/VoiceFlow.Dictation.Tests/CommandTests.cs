using VoiceFlow.Core.Capture;
using VoiceFlow.Core.Delivery;
using VoiceFlow.Dictation.Tests.Support;

namespace VoiceFlow.Dictation.Tests;

/// <summary>begin, end, toggle, cancel and status over the socket, with a paced test capture.</summary>
public sealed class CommandTests(EngineFixture engine)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Silence_gives_no_text_and_delivers_nothing()
    {
        await using var harness = await DaemonHarness.StartAsync(engine.Factory);

        await harness.Client.SendAsync("begin", Ct);
        await Task.Delay(1000, Ct);
        var ended = await harness.Client.SendAsync("end", Ct);

        Assert.Equal("ended", ended.Action);
        Assert.Equal("", ended.Text);
        Assert.True(ended.AudioSeconds > 1.0, $"recorded {ended.AudioSeconds} s");
        Assert.Empty(harness.Output.Delivered);
        await harness.Daemon.WhenStoredAsync();
        Assert.Empty(harness.History.Entries);
        Assert.Empty(harness.Daemon.Pending.List());
    }

    [Fact]
    public async Task Status_counts_recorded_seconds_while_recording()
    {
        await using var harness = await DaemonHarness.StartAsync(engine.Factory);

        await harness.Client.SendAsync("begin", Ct);
        await Task.Delay(500, Ct);
        var status = (await harness.Client.SendAsync("status", Ct)).Status!;

        Assert.Equal("recording", status.State);
        Assert.True(status.CaptureHealthy);
        // Pre-roll (up to 0.8 s of audio captured before begin) plus the half second since.
        Assert.InRange(status.RecordedSeconds, 0.4, 2.0);
    }

    [Fact]
    public async Task Begin_twice_and_end_while_idle_are_state_errors()
    {
        await using var harness = await DaemonHarness.StartAsync(engine.Factory);

        var idleEnd = await Assert.ThrowsAsync<DictationStateException>(() => harness.Client.SendAsync("end", Ct));
        Assert.Contains("not recording", idleEnd.Message, StringComparison.Ordinal);

        await harness.Client.SendAsync("begin", Ct);
        var again = await Assert.ThrowsAsync<DictationStateException>(() => harness.Client.SendAsync("begin", Ct));
        Assert.Contains("already recording", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_discards_the_recording_and_delivers_nothing()
    {
        await using var harness = await DaemonHarness.StartAsync(engine.Factory);
        var sentence = Speech.Sentence();

        await harness.Client.SendAsync("begin", Ct);
        harness.Capture.Play(sentence.Samples);
        await Task.Delay(300, Ct);
        var cancelled = await harness.Client.SendAsync("cancel", Ct);

        Assert.Equal("cancelled", cancelled.Action);
        Assert.Equal("idle", cancelled.Status!.State);
        Assert.Equal(0, cancelled.Status.RecordedSeconds);
        await Assert.ThrowsAsync<DictationStateException>(() => harness.Client.SendAsync("end", Ct));
        Assert.Equal("idle", (await harness.Client.SendAsync("cancel", Ct)).Action);
        Assert.Empty(harness.Output.Delivered);
        Assert.Empty(harness.History.Entries);
    }

    [Fact]
    public async Task Toggle_begins_then_ends_with_the_spoken_text()
    {
        await using var harness = await DaemonHarness.StartAsync(engine.Factory);
        var sentence = Speech.Sentence();

        var began = await harness.Client.SendAsync("toggle", Ct);
        Assert.Equal("began", began.Action);
        Assert.Equal("recording", began.Status!.State);
        harness.Capture.Play(sentence.Samples);
        await Task.Delay(sentence.Duration + TimeSpan.FromMilliseconds(100), Ct);
        var ended = await harness.Client.SendAsync("toggle", Ct);

        Assert.Equal("ended", ended.Action);
        Speech.AssertRecognised(sentence, ended.Text!);
        Assert.Equal([ended.Text!], harness.Output.Delivered);
        // The answer comes before the history write.
        await harness.Daemon.WhenStoredAsync();
        var stored = Assert.Single(harness.History.Entries);
        Assert.Equal(ended.Text, stored.Text);
        Assert.Equal("dictation", stored.Kind);
        Assert.Equal("pocketsphinx", stored.Engine);
        Assert.Empty(harness.Daemon.Pending.List());
        Assert.Equal(1, ended.Status!.Completed);
    }

    [Fact]
    public async Task A_failed_delivery_is_reported_and_the_text_still_goes_to_history()
    {
        await using var harness = await DaemonHarness.StartAsync(engine.Factory);
        var sentence = Speech.Sentence();
        harness.Output.Failing = true;

        await harness.Client.SendAsync("begin", Ct);
        harness.Capture.Play(sentence.Samples);
        await Task.Delay(sentence.Duration + TimeSpan.FromMilliseconds(100), Ct);
        var error = await Assert.ThrowsAsync<TextOutputException>(() => harness.Client.SendAsync("end", Ct));

        Assert.Contains("xdotool", error.Message, StringComparison.Ordinal);
        await harness.Daemon.WhenStoredAsync();
        Speech.AssertRecognised(sentence, Assert.Single(harness.History.Entries).Text);
        Assert.Empty(harness.Daemon.Pending.List());
        Assert.Contains("delivery", (await harness.Client.SendAsync("status", Ct)).Status!.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lost_capture_shows_in_status_refuses_begin_and_recovers_when_it_returns()
    {
        await using var harness = await DaemonHarness.StartAsync(engine.Factory, configure: o => o with { CaptureStartTimeout = TimeSpan.FromMilliseconds(300) });
        await WaitUntilAsync(async () => (await harness.Client.SendAsync("status", Ct)).Status!.CaptureHealthy);

        harness.Capture.Failing = true;
        await WaitUntilAsync(async () => !(await harness.Client.SendAsync("status", Ct)).Status!.CaptureHealthy);
        var status = (await harness.Client.SendAsync("status", Ct)).Status!;
        Assert.Contains("sound server is gone", status.LastError, StringComparison.Ordinal);
        var refused = await Assert.ThrowsAsync<AudioCaptureException>(() => harness.Client.SendAsync("begin", Ct));
        Assert.Contains("not running", refused.Message, StringComparison.Ordinal);

        harness.Capture.Failing = false;
        await WaitUntilAsync(async () => (await harness.Client.SendAsync("status", Ct)).Status!.CaptureHealthy);
        await harness.Client.SendAsync("begin", Ct);
        Assert.True(harness.Capture.Opens >= 2);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (int i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50, Ct);
        }

        Assert.Fail("condition not reached within 5 s");
    }
}
