using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Streaming;

namespace VoiceFlow.Core.Tests.Streaming;

/// <summary>
/// The feed's backlog (written, not yet taken in by the stream) and an abandoned feed: what is still queued is dropped,
/// not decoded for nothing while the audio is decoded whole.
/// </summary>
public sealed class StreamFeedTests
{
    [Fact]
    public async Task The_backlog_is_what_the_stream_has_not_taken_in_and_an_abandoned_feed_drops_its_queue()
    {
        using var stream = new GatedStream();
        var feed = new StreamFeed(open => open(stream), logger: null);

        feed.Write(new float[320]);
        await stream.Entered.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        // The first block is inside Feed (the gate holds it); three more wait in the queue.
        feed.Write(new float[320]);
        feed.Write(new float[320]);
        feed.Write(new float[160]);
        Assert.Equal(320 + 320 + 320 + 160, feed.Backlog);

        feed.Dispose();
        stream.Release();
        await stream.Disposed.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(320, stream.SamplesFed);
        Assert.Equal(0, feed.Backlog);
    }

    [Fact]
    public async Task A_feed_that_kept_up_has_no_backlog_and_finishes_on_the_stream()
    {
        using var stream = new GatedStream();
        stream.Release();
        var feed = new StreamFeed(open => open(stream), logger: null);
        for (int i = 0; i < 10; i++)
        {
            feed.Write(new float[320]);
        }

        var segments = await feed.FinishAsync();

        Assert.NotNull(segments);
        Assert.Equal(3200, stream.SamplesFed);
        Assert.Equal(0, feed.Backlog);
    }

    /// <summary>The live transcriber's rule at an utterance's end: a stream that kept up finishes, one far behind is abandoned.</summary>
    [Theory]
    [InlineData(0, 48_000, false)]
    [InlineData(1_600, 48_000, false)]
    [InlineData(24_000, 48_000, false)]
    [InlineData(24_001, 48_000, true)]
    [InlineData(44_000, 48_000, true)]
    public void A_stream_has_fallen_behind_when_more_than_half_the_utterance_is_still_to_decode(long backlog, long length, bool behind) =>
        Assert.Equal(behind, LiveTranscriber.FellBehind(backlog, length));

    /// <summary>A stream whose first Feed waits until released, so a test can hold blocks in the queue.</summary>
    private sealed class GatedStream : ISpeechStream
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ManualResetEventSlim _gate = new();
        private long _samplesFed;

        public Task Entered => _entered.Task;

        public Task Disposed => _disposed.Task;

        public long SamplesFed => Interlocked.Read(ref _samplesFed);

        public void Release() => _gate.Set();

        public void Feed(ReadOnlySpan<float> samples16k)
        {
            _entered.TrySetResult();
            _gate.Wait(TimeSpan.FromSeconds(30));
            Interlocked.Add(ref _samplesFed, samples16k.Length);
        }

        public IReadOnlyList<Segment> Finish() => [];

        public void Dispose()
        {
            _disposed.TrySetResult();
            _gate.Dispose();
        }
    }
}
