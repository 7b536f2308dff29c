using VoiceFlow.Core.Capture;
using VoiceFlow.Core.Tests.Corpus;
using VoiceFlow.Tests.Shared;

namespace VoiceFlow.PulseAudio.Tests;

/// <summary>The server goes away in the middle of a capture and comes back: the one capture loop reports it and resumes.</summary>
public class CaptureLoopReconnectTests(SpeechEngine engine) : IClassFixture<SpeechEngine>
{
    [Fact]
    public async Task A_stopped_server_is_reported_and_capture_resumes_when_it_returns()
    {
        var ct = TestContext.Current.CancellationToken;
        var item = CorpusFixture.Get()["s02-awb"];
        using var server = PulseAudioTestServer.Start();
        var request = new CaptureRequest { Source = PulseAudioTestServer.MonitorSource };
        var changes = new List<CaptureConnectionEventArgs>();
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var samples = new SampleSink();
        using var loop = new CaptureLoop(new PulseAudioCaptureProvider(server.ServerAddress), request,
            new CaptureReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(400) });
        loop.ConnectionChanged += (_, e) =>
        {
            lock (changes)
            {
                changes.Add(e);
            }

            (e.Connected ? restored : lost).TrySetResult();
        };
        loop.Open();
        loop.Start(samples.Add);
        await samples.WaitForAsync(3_200, ct);

        server.Stop();
        await lost.Task.WaitAsync(TimeSpan.FromSeconds(15), ct);
        Assert.False(loop.IsReceiving);
        await Task.Delay(700, ct); // several failed attempts while the server is away
        int duringOutage = samples.Count;
        await Task.Delay(300, ct);
        Assert.Equal(duringOutage, samples.Count);

        server.Restart();
        await restored.Task.WaitAsync(TimeSpan.FromSeconds(15), ct);
        Assert.True(await loop.WaitForAudioAsync(TimeSpan.FromSeconds(10), ct));
        int resumedAt = samples.Count;
        await samples.WaitForAsync(resumedAt + 3_200, ct);
        await server.PlayAsync(item.Path, ct);
        await samples.WaitForAsync(samples.Count + 8_000, ct);
        var afterRestart = samples.Snapshot(resumedAt);
        await loop.StopAsync().WaitAsync(TimeSpan.FromSeconds(10), ct);

        Assert.Equal(1, loop.Losses);
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
        using var loop = new CaptureLoop(new PulseAudioCaptureProvider(server.ServerAddress), new CaptureRequest { Source = "missing-mic" });
        var error = Assert.Throws<AudioCaptureException>(loop.Open);
        Assert.Contains("voiceflow devices", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_ends_a_loop_that_waits_for_the_server()
    {
        var ct = TestContext.Current.CancellationToken;
        using var server = PulseAudioTestServer.Start();
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var loop = new CaptureLoop(new PulseAudioCaptureProvider(server.ServerAddress), new CaptureRequest { Source = PulseAudioTestServer.MonitorSource });
        loop.ConnectionChanged += (_, e) => lost.TrySetResult();
        loop.Open();
        loop.Start(_ => { });
        server.Stop();
        await lost.Task.WaitAsync(TimeSpan.FromSeconds(15), ct);

        await loop.StopAsync().WaitAsync(TimeSpan.FromSeconds(5), ct);
        Assert.False(loop.IsConnected);
    }

    /// <summary>Keeps every sample the loop hands over; signals each arrival.</summary>
    private sealed class SampleSink
    {
        private readonly List<float> _samples = [];
        private readonly SemaphoreSlim _arrived = new(0);

        public int Count
        {
            get
            {
                lock (_samples)
                {
                    return _samples.Count;
                }
            }
        }

        public void Add(ReadOnlySpan<float> block)
        {
            lock (_samples)
            {
                _samples.AddRange(block);
            }

            _arrived.Release();
        }

        public float[] Snapshot(int from)
        {
            lock (_samples)
            {
                return [.. _samples.Skip(from)];
            }
        }

        public async Task WaitForAsync(int count, CancellationToken cancellationToken)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            while (Count < count)
            {
                await _arrived.WaitAsync(timeout.Token);
            }
        }
    }
}
