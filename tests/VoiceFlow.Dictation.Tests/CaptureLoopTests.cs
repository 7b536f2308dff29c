using VoiceFlow.Core.Buffers;
using VoiceFlow.Dictation.Recording;
using VoiceFlow.Core.Capture;

namespace VoiceFlow.Dictation.Tests;

/// <summary>The one capture loop feeding the daemon's recorder: no allocation per block, reconnects after failures.</summary>
public sealed class CaptureLoopTests
{
    [Fact]
    public async Task Feeding_blocks_to_the_recorder_allocates_nothing_in_steady_state()
    {
        var capture = new CountingCapture(blocksBeforeMeasuring: 200, measuredBlocks: 500);
        var recorder = new DictationRecorder(new DictationRecorderSettings(), new AudioBufferPool(pooling: true, buffersKeptReady: 1));
        using var loop = new CaptureLoop(capture, new CaptureRequest(), CaptureReconnectPolicy.Every(TimeSpan.FromMilliseconds(10)));
        recorder.Begin();

        loop.Start(recorder.Write);
        Assert.True(capture.Measured.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken), "the capture thread did not read the blocks");
        await loop.StopAsync().WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        // Measured on the capture thread itself, from read to read: the loop and the recorder's Write in between.
        Assert.Equal(0, capture.AllocatedWhileMeasuring);
        Assert.True(recorder.RecordedSamples > 0);
    }

    [Fact]
    public async Task A_capture_that_fails_is_reported_and_reopened_into_the_recorder()
    {
        var ct = TestContext.Current.CancellationToken;
        var provider = new FlakyProvider();
        var recorder = new DictationRecorder(new DictationRecorderSettings(), new AudioBufferPool(pooling: false, buffersKeptReady: 0));
        using var loop = new CaptureLoop(provider, new CaptureRequest(), CaptureReconnectPolicy.Every(TimeSpan.FromMilliseconds(10)));
        var reopened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int restorations = 0;
        loop.ConnectionChanged += (_, e) =>
        {
            if (e.Connected && Interlocked.Increment(ref restorations) >= 2)
            {
                reopened.TrySetResult();
            }
        };
        recorder.Begin();

        loop.Start(recorder.Write);
        await reopened.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.True(await loop.WaitForAudioAsync(TimeSpan.FromSeconds(10), ct));
        await loop.StopAsync().WaitAsync(TimeSpan.FromSeconds(5), ct);

        Assert.True(provider.Opens >= 3);
        Assert.True(loop.Losses >= 2);
        Assert.Equal("flaky", loop.SourceName);
        Assert.True(recorder.RecordedSamples > 0);
    }

    /// <summary>Silence as fast as it is read; records the thread's allocations across a window of reads.</summary>
    private sealed class CountingCapture(int blocksBeforeMeasuring, int measuredBlocks) : IAudioCaptureProvider, IAudioCapture
    {
        private int _reads;
        private long _startBytes;

        public ManualResetEventSlim Measured { get; } = new();

        public long AllocatedWhileMeasuring { get; private set; } = -1;

        public string Name => "counting";

        public string SourceName => "counting";

        public IReadOnlyList<CaptureDevice> ListSources() => [];

        public IAudioCapture Open(CaptureRequest request) => this;

        public int Read(Span<float> block)
        {
            _reads++;
            if (_reads == blocksBeforeMeasuring)
            {
                // Let tiered compilation finish promoting the loop (it waits ~100 ms after the call counts, longer on a
                // busy machine): a promotion seen on this thread mid-measurement was counted as an allocation once.
                Thread.Sleep(500);
                _startBytes = GC.GetAllocatedBytesForCurrentThread();
            }
            else if (_reads == blocksBeforeMeasuring + measuredBlocks)
            {
                AllocatedWhileMeasuring = GC.GetAllocatedBytesForCurrentThread() - _startBytes;
                Measured.Set();
            }

            block.Fill(0.01f);
            return block.Length;
        }

        public void Dispose()
        {
        }
    }

    /// <summary>Every capture fails after a few blocks; opening works.</summary>
    private sealed class FlakyProvider : IAudioCaptureProvider
    {
        private int _opens;

        public int Opens => Volatile.Read(ref _opens);

        public string Name => "flaky";

        public IReadOnlyList<CaptureDevice> ListSources() => [];

        public IAudioCapture Open(CaptureRequest request)
        {
            Interlocked.Increment(ref _opens);
            return new FlakyCapture();
        }

        private sealed class FlakyCapture : IAudioCapture
        {
            private int _reads;

            public string SourceName => "flaky";

            public int Read(Span<float> block)
            {
                Thread.Sleep(1);
                return ++_reads > 5 ? throw new AudioCaptureException("flaky: gone") : block.Length;
            }

            public void Dispose()
            {
            }
        }
    }
}
