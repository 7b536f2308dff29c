using VoiceFlow.Core.Capture;
using VoiceFlow.Core.Tests.Corpus;
using VoiceFlow.Tests.Shared;

namespace VoiceFlow.PulseAudio.Tests;

/// <summary>The server goes away in the middle of a capture and comes back: the same capture object reports it and resumes.</summary>
public class ReconnectingCaptureTests(SpeechEngine engine) : IClassFixture<SpeechEngine>
{
    [Fact]
    public async Task A_stopped_server_is_reported_and_capture_resumes_when_it_returns()
    {
        var ct = TestContext.Current.CancellationToken;
        var item = CorpusFixture.Get()["s02-awb"];
        using var server = PulseAudioTestServer.Start();
        var request = new CaptureRequest { Source = PulseAudioTestServer.MonitorSource };
        var changes = new List<CaptureConnectionEventArgs>();
        var capture = ReconnectingCapture.Open(new PulseAudioCaptureProvider(server.ServerAddress), request, initialDelay: TimeSpan.FromMilliseconds(50), maxDelay: TimeSpan.FromMilliseconds(400));
        capture.ConnectionChanged += (_, e) =>
        {
            lock (changes)
            {
                changes.Add(e);
            }
        };
        using var recorder = new BackgroundRecorder(capture);
        await recorder.WaitForAsync(3_200, TimeSpan.FromSeconds(10), ct);

        server.Stop();
        await WaitUntilAsync(() => !capture.IsConnected, "the loss to be noticed", ct);
        await Task.Delay(700, ct); // several failed attempts while the server is away
        int duringOutage = recorder.Count;
        await Task.Delay(300, ct);
        Assert.Equal(duringOutage, recorder.Count);

        server.Restart();
        await WaitUntilAsync(() => capture.IsConnected, "the capture to reconnect", ct);
        int resumedAt = recorder.Count;
        await recorder.WaitForAsync(resumedAt + 3_200, TimeSpan.FromSeconds(10), ct);
        await server.PlayAsync(item.Path, ct);
        await recorder.WaitForAsync(recorder.Count + 8_000, TimeSpan.FromSeconds(10), ct);
        var afterRestart = recorder.Snapshot(resumedAt);
        recorder.Stop();

        Assert.Null(recorder.Error);
        Assert.Equal(1, capture.Losses);
        lock (changes)
        {
            Assert.Equal(2, changes.Count);
            Assert.False(changes[0].Connected);
            Assert.NotNull(changes[0].Error);
            Assert.True(changes[1].Connected);
            Assert.True(changes[1].Attempts >= 2, $"{changes[1].Attempts} attempts");
            Assert.True(changes[1].Outage >= TimeSpan.FromMilliseconds(900), $"outage {changes[1].Outage}");
            Assert.Contains(server.ServerAddress, changes[1].Error!.Message, StringComparison.Ordinal);
        }

        SpeechEngine.AssertHeard(item.ReferenceText, await engine.TranscribeAsync(afterRestart, ct));
    }

    [Fact]
    public void The_first_open_fails_at_once_with_the_clear_error()
    {
        using var server = PulseAudioTestServer.Start();
        var provider = new PulseAudioCaptureProvider(server.ServerAddress);
        var error = Assert.Throws<AudioCaptureException>(() => ReconnectingCapture.Open(provider, new CaptureRequest { Source = "missing-mic" }));
        Assert.Contains("voiceflow devices", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_ends_a_read_that_waits_for_the_server()
    {
        var ct = TestContext.Current.CancellationToken;
        using var server = PulseAudioTestServer.Start();
        var capture = ReconnectingCapture.Open(new PulseAudioCaptureProvider(server.ServerAddress), new CaptureRequest { Source = PulseAudioTestServer.MonitorSource });
        server.Stop();
        var read = Task.Run(() => capture.Read(new float[320]), ct);
        await WaitUntilAsync(() => !capture.IsConnected, "the loss to be noticed", ct);

        capture.Dispose();
        Assert.Equal(0, await read.WaitAsync(TimeSpan.FromSeconds(5), ct));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20, cancellationToken);
        }
    }
}
