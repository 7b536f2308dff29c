using VoiceFlow.Core.Buffers;
using VoiceFlow.Core.Vad;
using VoiceFlow.Dictation.Recording;

namespace VoiceFlow.Dictation.Tests.Recording;

/// <summary>tail_seconds is the longest tail: with a detector, it ends once tail_silence_ms of silence was heard after end.</summary>
public class AdaptiveTailTests
{
    private const int Rate = 16_000;
    private static readonly DictationRecorderSettings Settings = new() { TailSeconds = 0.35, TailSilenceMilliseconds = 150 };

    [Fact]
    public async Task A_user_who_stopped_speaking_before_end_gets_a_short_tail()
    {
        var recorder = NewRecorder(Settings);
        Feed(recorder, Silence(Rate));
        recorder.Begin();
        Feed(recorder, Word(Rate / 2));
        Feed(recorder, Silence(Rate / 2));
        var ending = recorder.End();
        int tail = FeedUntilDone(recorder, ending);

        // 150 ms of silence after end, within a 20 ms block, instead of the whole 350 ms.
        Assert.InRange(tail, 2_400, 2_400 + 320);
        using var recording = await ending;
        Assert.Equal(tail, recording.TailSamples);
    }

    [Fact]
    public async Task Releasing_mid_word_keeps_the_word()
    {
        var recorder = NewRecorder(Settings with { TailSeconds = 1 });
        Feed(recorder, Silence(Rate));
        recorder.Begin();
        Feed(recorder, Word(Rate / 2));
        var ending = recorder.End();
        // The word goes on for 300 ms after end: more than the 150 ms of silence the tail waits for.
        Feed(recorder, Word(4_800));
        int afterWord = FeedUntilDone(recorder, ending);

        using var recording = await ending;
        Assert.True(recording.TailSamples >= 4_800 + 2_400, $"tail of {recording.TailSamples} samples cut the word (4800) or its silence");
        Assert.True(afterWord < Rate / 2, $"the tail went on {afterWord} samples after the word");
    }

    [Fact]
    public async Task Tail_seconds_stays_the_longest_tail_even_while_speech_goes_on()
    {
        var recorder = NewRecorder(Settings);
        Feed(recorder, Silence(Rate));
        recorder.Begin();
        Feed(recorder, Word(Rate / 2));
        var ending = recorder.End();
        Feed(recorder, Word(Rate));

        using var recording = await ending;
        Assert.Equal(5_600, recording.TailSamples);
    }

    [Fact]
    public async Task Without_a_detector_or_with_tail_silence_0_the_tail_is_always_tail_seconds()
    {
        foreach (var recorder in new[] { NewRecorder(Settings, detector: false), NewRecorder(Settings with { TailSilenceMilliseconds = 0 }) })
        {
            Feed(recorder, Silence(Rate));
            recorder.Begin();
            Feed(recorder, Silence(Rate));
            var ending = recorder.End();
            FeedUntilDone(recorder, ending);
            using var recording = await ending;
            Assert.Equal(5_600, recording.TailSamples);
        }
    }

    [Fact]
    public void A_tail_silence_out_of_range_is_refused()
    {
        var error = Assert.Throws<Core.Errors.ConfigurationException>(() => NewRecorder(Settings with { TailSilenceMilliseconds = -1 }));
        Assert.Contains("tail_silence_ms", error.Message, StringComparison.Ordinal);
    }

    private static DictationRecorder NewRecorder(DictationRecorderSettings settings, bool detector = true) =>
        new(settings, new AudioBufferPool(pooling: false, buffersKeptReady: 0), detector ? new EnergySpeechDetector().CreateStream(TimeSpan.FromMilliseconds(150)) : null);

    /// <summary>Feeds 20 ms blocks of silence until the recording completes; returns the samples fed.</summary>
    private static int FeedUntilDone(DictationRecorder recorder, Task<DictationRecording> ending)
    {
        int fed = 0;
        while (!ending.IsCompleted)
        {
            Assert.True(fed < 5 * Rate, "the tail never ended");
            Feed(recorder, Silence(320));
            fed += 320;
        }

        return fed;
    }

    private static void Feed(DictationRecorder recorder, float[] samples)
    {
        for (int offset = 0; offset < samples.Length; offset += 320)
        {
            recorder.Write(samples.AsSpan(offset, Math.Min(320, samples.Length - offset)));
        }
    }

    private static float[] Silence(int samples) => new float[samples];

    /// <summary>A loud voiced sound (a 180 Hz tone with harmonics at about -12 dBFS).</summary>
    private static float[] Word(int samples) =>
        [.. Enumerable.Range(0, samples).Select(i => (float)(0.2 * Math.Sin(2 * Math.PI * 180 * i / Rate) + 0.1 * Math.Sin(2 * Math.PI * 540 * i / Rate)))];
}
