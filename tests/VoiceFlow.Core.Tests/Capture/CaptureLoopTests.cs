using VoiceFlow.Core.Capture;

namespace VoiceFlow.Core.Tests.Capture;

/// <summary>The one capture loop over any provider: retries from the start, signals audio, stops, and surfaces a failing handler.</summary>
public sealed class CaptureLoopTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_provider_down_at_start_is_retried_and_its_arrival_is_reported_and_signalled()
    {
        var provider = new SwitchableProvider { Down = true };
        using var loop = new CaptureLoop(provider, new CaptureRequest(), CaptureReconnectPolicy.Every(TimeSpan.FromMilliseconds(10)));
        var connected = new TaskCompletionSource<CaptureConnectionEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        loop.ConnectionChanged += (_, e) => connected.TrySetResult(e);

        loop.Start(_ => { });
        Assert.False(await loop.WaitForAudioAsync(TimeSpan.FromMilliseconds(100), Ct));
        Assert.Equal("switchable: down", loop.LastError);

        provider.Down = false;
        var change = await connected.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.True(await loop.WaitForAudioAsync(TimeSpan.FromSeconds(10), Ct));
        await loop.StopAsync().WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.True(change.Connected);
        Assert.True(change.Attempts >= 2, $"{change.Attempts} attempts");
        Assert.Equal("switchable: down", change.Error?.Message);
        Assert.Null(loop.LastError);
        Assert.Equal(0, loop.Losses);
        Assert.False(loop.IsConnected);
    }

    [Fact]
    public async Task A_handler_that_throws_stops_the_loop_and_faults_its_completion()
    {
        using var loop = new CaptureLoop(new SwitchableProvider(), new CaptureRequest());
        loop.Start(_ => throw new InvalidOperationException("handler broke"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => loop.Completion.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal("handler broke", error.Message);
        Assert.False(loop.IsReceiving);
    }

    [Fact]
    public async Task RunAsync_ends_when_its_token_fires()
    {
        using var loop = new CaptureLoop(new SwitchableProvider(), new CaptureRequest());
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        long blocks = 0;
        var running = loop.RunAsync(_ => Interlocked.Increment(ref blocks), stop.Token);
        Assert.True(await loop.WaitForAudioAsync(TimeSpan.FromSeconds(10), Ct));

        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.True(Interlocked.Read(ref blocks) > 0);
        Assert.Equal(Interlocked.Read(ref blocks), loop.Blocks);
    }

    /// <summary>Opens fail while <see cref="Down"/>; open captures deliver a block of silence per millisecond.</summary>
    private sealed class SwitchableProvider : IAudioCaptureProvider
    {
        private volatile bool _down;

        public bool Down
        {
            get => _down;
            set => _down = value;
        }

        public string Name => "switchable";

        public IReadOnlyList<CaptureDevice> ListSources() => [];

        public IAudioCapture Open(CaptureRequest request) => _down ? throw new AudioCaptureException("switchable: down") : new Silence();

        private sealed class Silence : IAudioCapture
        {
            public string SourceName => "silence";

            public int Read(Span<float> block)
            {
                Thread.Sleep(1);
                block.Clear();
                return block.Length;
            }

            public void Dispose()
            {
            }
        }
    }
}
