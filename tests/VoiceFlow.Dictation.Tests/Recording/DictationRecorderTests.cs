using VoiceFlow.Core.Buffers;
using VoiceFlow.Dictation.Recording;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Dictation.Tests.Recording;

public class DictationRecorderTests
{
    private const int Block = 512;

    [Fact]
    public void A_recording_is_the_last_pre_roll_seconds_then_the_speech_then_the_tail()
    {
        var recorder = NewRecorder(new DictationRecorderSettings());
        var feed = new CountingFeed();
        feed.Feed(recorder, 32000);           // 2 s before the key is pressed
        recorder.Begin();
        feed.Feed(recorder, 16000);           // 1 s of speech
        var ending = recorder.End();
        feed.Feed(recorder, 5000);
        Assert.False(ending.IsCompleted, "tail of 0.35 s = 5600 samples is not fed yet");
        feed.Feed(recorder, 1000);

        using var recording = AssertCompleted(ending);

        Assert.Equal(12800 + 16000 + 5600, recording.Length);
        Assert.Equal(12800, recording.PreRollSamples);
        Assert.Equal(5600, recording.TailSamples);
        Assert.False(recording.Overflowed);
        // Consecutive sample numbers: pre-roll = samples 19201..32000, then 32001.., tail ends at 53600.
        Assert.Equal(Enumerable.Range(19201, recording.Length).Select(i => (float)i), recording.Samples.ToArray());
        Assert.Equal(RecorderState.Idle, recorder.State);
    }

    [Fact]
    public void Two_recordings_never_share_a_sample_and_the_second_pre_roll_comes_from_after_the_first()
    {
        var recorder = NewRecorder(new DictationRecorderSettings());
        var feed = new CountingFeed();
        feed.Feed(recorder, 20000);
        recorder.Begin();
        feed.Feed(recorder, 48000);
        var firstEnding = recorder.End();
        feed.Feed(recorder, 5600);
        using var first = AssertCompleted(firstEnding);
        float firstLast = first.Samples.Span[^1];

        feed.Feed(recorder, 3000);             // less than the 0.8 s pre-roll after the first ended
        recorder.Begin();
        feed.Feed(recorder, 8000);             // shorter than the first: stale data would show at its end
        var secondEnding = recorder.End();
        feed.Feed(recorder, 8000);
        using var second = AssertCompleted(secondEnding);

        var firstValues = first.Samples.ToArray().ToHashSet();
        var secondValues = second.Samples.ToArray();
        Assert.DoesNotContain(secondValues, firstValues.Contains);
        Assert.All(secondValues, v => Assert.True(v > firstLast, $"sample {v} predates the end of the first recording ({firstLast})"));
        Assert.Equal(3000, second.PreRollSamples);
        Assert.Equal(3000 + 8000 + 5600, second.Length);
        Assert.Equal(Enumerable.Range((int)firstLast + 1, second.Length).Select(i => (float)i), secondValues);
    }

    [Fact]
    public async Task Recordings_controlled_from_another_thread_are_contiguous_and_never_overlap()
    {
        var recorder = NewRecorder(new DictationRecorderSettings { TailSeconds = 0.05 });
        using var stop = new CancellationTokenSource();
        var audioThread = Task.Run(() =>
        {
            var feed = new CountingFeed();
            // Sample numbers stay exact floats below 2^24. Paced like a capture callback (a block per
            // millisecond or so): unpaced, a quiet machine fed all 16 M samples before the control thread's
            // last End() and that End() waited for a tail that never came.
            while (!stop.IsCancellationRequested && feed.Next < 16_000_000)
            {
                feed.Feed(recorder, Block);
                Thread.Sleep(1);
            }
        }, TestContext.Current.CancellationToken);

        var recordings = new List<float[]>();
        for (int i = 0; i < 20; i++)
        {
            recorder.Begin();
            while (recorder.RecordedSamples < 2000)
            {
                Assert.False(audioThread.IsCompleted, "the audio feed ran out before the test finished");
                await Task.Yield();
            }

            using var recording = await recorder.End().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            recordings.Add(recording.Samples.ToArray());
        }

        await stop.CancelAsync();
        await audioThread;

        foreach (var samples in recordings)
        {
            for (int i = 1; i < samples.Length; i++)
            {
                Assert.True(samples[i] == samples[i - 1] + 1, $"gap or repeat at {i}: {samples[i - 1]} then {samples[i]}");
            }
        }

        for (int i = 1; i < recordings.Count; i++)
        {
            Assert.True(recordings[i][0] > recordings[i - 1][^1], $"recording {i} overlaps the one before");
        }
    }

    [Fact]
    public void Begin_during_the_tail_completes_the_previous_recording_and_they_do_not_overlap()
    {
        var recorder = NewRecorder(new DictationRecorderSettings());
        var feed = new CountingFeed();
        feed.Feed(recorder, 16000);
        recorder.Begin();
        feed.Feed(recorder, 16000);
        var firstEnding = recorder.End();
        feed.Feed(recorder, 1024);             // part of the tail

        recorder.Begin();
        using var first = AssertCompleted(firstEnding);
        feed.Feed(recorder, 4000);
        var secondEnding = recorder.End();
        feed.Feed(recorder, 6000);
        using var second = AssertCompleted(secondEnding);

        Assert.Equal(1024, first.TailSamples);
        Assert.Equal(0, second.PreRollSamples);
        Assert.Equal(first.Samples.Span[^1] + 1, second.Samples.Span[0]);
    }

    [Fact]
    public void Cancel_discards_the_recording_and_cancels_a_pending_end()
    {
        var recorder = NewRecorder(new DictationRecorderSettings());
        var feed = new CountingFeed();
        feed.Feed(recorder, 16000);
        recorder.Begin();
        feed.Feed(recorder, 16000);
        var ending = recorder.End();

        recorder.Cancel();

        Assert.True(ending.IsCanceled);
        Assert.Equal(RecorderState.Idle, recorder.State);
        Assert.Equal(0, recorder.RecordedSamples);
        float lastCancelled = feed.Next - 1;
        recorder.Begin();
        feed.Feed(recorder, 2000);
        using var next = AssertCompleted(recorder.End(), recorder, feed);
        Assert.All(next.Samples.ToArray(), v => Assert.True(v > lastCancelled));
    }

    [Fact]
    public void Tail_is_counted_in_samples_fed_and_splits_a_block()
    {
        var recorder = NewRecorder(new DictationRecorderSettings { TailSeconds = 0.01, PreRollSeconds = 0 });
        var feed = new CountingFeed();
        recorder.Begin();
        feed.Feed(recorder, 1000);
        var ending = recorder.End();

        feed.Feed(recorder, 1000, blockSize: 1000); // the 160-sample tail ends inside this block

        using var recording = AssertCompleted(ending);
        Assert.Equal(1160, recording.Length);
        Assert.Equal(1160f, recording.Samples.Span[^1]);
    }

    [Fact]
    public void Zero_tail_completes_at_once()
    {
        var recorder = NewRecorder(new DictationRecorderSettings { TailSeconds = 0 });
        recorder.Begin();
        recorder.Write(new float[Block]);

        using var recording = AssertCompleted(recorder.End());

        Assert.Equal(Block, recording.Length);
    }

    [Fact]
    public void Over_the_cap_keep_newest_keeps_the_end_and_reports_what_was_dropped()
    {
        var recorder = NewRecorder(new DictationRecorderSettings { RecordingCapSeconds = 1, TailSeconds = 0 });
        var feed = new CountingFeed();
        feed.Feed(recorder, 16000);
        recorder.Begin();                       // 12800 samples of pre-roll
        feed.Feed(recorder, 40000);
        Assert.Equal(12800 + 40000 - 16000, recorder.DroppedSamples);

        using var recording = AssertCompleted(recorder.End());

        Assert.Equal(16000, recording.Length);
        Assert.True(recording.Overflowed);
        Assert.Equal(36800, recording.DroppedSamples);
        Assert.Equal(TimeSpan.FromSeconds(2.3), recording.DroppedDuration);
        Assert.Equal(0, recording.PreRollSamples);
        Assert.Equal(feed.Next - 1, recording.Samples.Span[^1]); // the last word is there
    }

    [Fact]
    public void Over_the_cap_stop_at_cap_keeps_the_start_and_reports_what_was_dropped()
    {
        var settings = new DictationRecorderSettings { RecordingCapSeconds = 1, PreRollSeconds = 0, TailSeconds = 0.1, OverflowPolicy = RecordingOverflowPolicy.StopAtCap };
        var recorder = NewRecorder(settings);
        var feed = new CountingFeed();
        recorder.Begin();
        feed.Feed(recorder, 20000);
        var ending = recorder.End();
        feed.Feed(recorder, 2000);

        using var recording = AssertCompleted(ending);

        Assert.Equal(16000, recording.Length);
        Assert.Equal(1f, recording.Samples.Span[0]);
        Assert.Equal(4000 + 1600, recording.DroppedSamples);
        Assert.Equal(0, recording.TailSamples);
    }

    [Fact]
    public void Misuse_is_reported_clearly()
    {
        var recorder = NewRecorder(new DictationRecorderSettings());

        Assert.Throws<InvalidOperationException>(() => { _ = recorder.End(); });
        recorder.Begin();
        Assert.Throws<InvalidOperationException>(recorder.Begin);
        recorder.Cancel();
        recorder.Cancel();
    }

    [Fact]
    public void Defaults_come_from_the_options()
    {
        var settings = DictationRecorderSettings.FromOptions(new VoiceFlowOptions());

        Assert.Equal(300 * 16000, settings.RecordingCapSamples);
        Assert.Equal(24000, settings.PreRollBufferSamples);
        Assert.Equal(12800, settings.PreRollSamples);
        Assert.Equal(5600, settings.TailSamples);
    }

    [Theory]
    [InlineData(300, 1.5, 2.0, 0.35, "pre_roll_seconds")]
    [InlineData(0, 1.5, 0.8, 0.35, "recording_cap_seconds")]
    [InlineData(300, 1.5, 0.8, -1, "tail_seconds")]
    [InlineData(double.NaN, 1.5, 0.8, 0.35, "recording_cap_seconds")]
    public void Out_of_range_settings_are_configuration_errors_naming_the_key(double cap, double ring, double preRoll, double tail, string key)
    {
        var options = new VoiceFlowOptions { RecordingCapSeconds = cap, PreRollBufferSeconds = ring, PreRollSeconds = preRoll, TailSeconds = tail };

        var error = Assert.Throws<ConfigurationException>(() => DictationRecorder.FromOptions(options, new AudioBufferPool(true, 2)));

        Assert.StartsWith(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Steady_state_block_handling_allocates_nothing()
    {
        var recorder = NewRecorder(new DictationRecorderSettings { RecordingCapSeconds = 10 });
        var block = new float[Block];
        for (int i = 0; i < 1000; i++)
        {
            recorder.Write(block);
        }

        long idleBefore = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5000; i++)
        {
            recorder.Write(block);
        }

        long idle = GC.GetAllocatedBytesForCurrentThread() - idleBefore;

        recorder.Begin();
        long recordingBefore = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5000; i++)    // 160 s: also wraps the 10 s cap many times
        {
            recorder.Write(block);
        }

        long recording = GC.GetAllocatedBytesForCurrentThread() - recordingBefore;

        Assert.Equal(0, idle);
        Assert.Equal(0, recording);
    }

    [Fact]
    public void Completed_recordings_return_their_buffer_to_the_pool()
    {
        var pool = new AudioBufferPool(pooling: true, buffersKeptReady: 2);
        var recorder = new DictationRecorder(new DictationRecorderSettings { TailSeconds = 0 }, pool);
        for (int i = 0; i < 3; i++)
        {
            recorder.Begin();
            recorder.Write(new float[16000]);
            AssertCompleted(recorder.End()).Dispose();
        }

        var statistics = pool.Statistics;
        Assert.Equal(3, statistics.Rents);
        Assert.Equal(1, statistics.RentMisses);
        Assert.Equal(0, statistics.OutstandingBuffers);
    }

    private static DictationRecorder NewRecorder(DictationRecorderSettings settings) =>
        new(settings, new AudioBufferPool(pooling: true, buffersKeptReady: 2));

    private static DictationRecording AssertCompleted(Task<DictationRecording> ending, DictationRecorder? recorder = null, CountingFeed? feed = null)
    {
        if (recorder is not null && feed is not null)
        {
            feed.Feed(recorder, recorder.Settings.TailSamples + Block);
        }

        Assert.True(ending.IsCompletedSuccessfully, $"recording did not complete: {ending.Status}");
        return ending.Result;
    }

    /// <summary>Feeds blocks whose samples are the numbers 1, 2, 3... so each sample can be traced.</summary>
    private sealed class CountingFeed
    {
        public float Next { get; private set; } = 1;

        public void Feed(DictationRecorder recorder, int samples, int blockSize = Block)
        {
            var block = new float[blockSize];
            while (samples > 0)
            {
                int n = Math.Min(samples, blockSize);
                for (int i = 0; i < n; i++)
                {
                    block[i] = Next++;
                }

                recorder.Write(block.AsSpan(0, n));
                samples -= n;
            }
        }
    }
}
