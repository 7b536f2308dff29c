using VoiceFlow.Core.Buffers;
using VoiceFlow.Dictation.Recording;
using VoiceFlow.Core.Capture;
using VoiceFlow.Dictation.Daemon;

namespace VoiceFlow.Dictation.Tests;

/// <summary>The capture thread: no allocation per block, reconnects after failures.</summary>
public sealed class CaptureLoopTests
{
    [Fact]
    public void Feeding_blocks_to_the_recorder_allocates_nothing_in_steady_state()
    {
        var capture = new CountingCapture(blocksBeforeMeasuring: 200, measuredBlocks: 500);
        var recorder = new DictationRecorder(new DictationRecorderSettings(), new AudioBufferPool(pooling: true, buffersKeptReady: 1));
        var loop = new CaptureLoop(capture, new CaptureRequest(), recorder, TimeSpan.FromMilliseconds(10), logger: null);
        recorder.Begin();

        loop.Start();
        Assert.True(capture.Measured.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken), "the capture thread did not read the blocks");
        loop.Stop(TimeSpan.FromSeconds(5));

        // Measured on the capture thread itself, from read to read: the loop and the recorder's Write in between.
        Assert.Equal(0, capture.AllocatedWhileMeasuring);
        Assert.True(recorder.RecordedSamples > 0);
    }

    [Fact]
    public void A_capture_that_fails_is_reported_and_reopened()
    {
        var provider = new FlakyProvider();
        var recorder = new DictationRecorder(new DictationRecorderSettings(), new AudioBufferPool(pooling: false, buffersKeptReady: 0));
        var loop = new CaptureLoop(provider, new CaptureRequest(), recorder, TimeSpan.FromMilliseconds(10), logger: null);

        loop.Start();
        Assert.True(SpinWait.SpinUntil(() => provider.Opens >= 3 && loop.IsHealthy, TimeSpan.FromSeconds(10)));
        loop.Stop(TimeSpan.FromSeconds(5));

        Assert.Equal("flaky", loop.SourceName);
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
