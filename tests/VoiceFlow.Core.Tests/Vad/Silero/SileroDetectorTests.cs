using VoiceFlow.Core.Vad;
using VoiceFlow.Core.Vad.Silero;

namespace VoiceFlow.Core.Tests.Vad.Silero;

/// <summary>The Silero detector on the shared recordings: whole-file segmentation and the streaming form.</summary>
public sealed class SileroDetectorTests
{
    public static TheoryData<string> SpeechRecordings => ["speech10_16k.wav", "speech30_16k.wav", "librivox-0880_16k.wav", "speech10-pink_16k.wav"];

    public static TheoryData<string> NoiseRecordings => [.. SileroTestModels.NoiseRecordings];

    [Theory]
    [MemberData(nameof(SpeechRecordings))]
    public async Task Speech_recordings_give_segments_covering_their_speech(string recording)
    {
        var detector = new SileroSpeechDetector(SileroTestModels.Require("v6"));
        var samples = await SileroTestModels.LoadRecordingAsync(recording);
        var probabilities = SileroTestModels.Reference(recording, "v6");

        var segments = detector.Detect(samples);

        Assert.NotEmpty(segments);
        AssertOrderedAndInside(segments, samples.Length);
        // Every confidently speech chunk (p > 0.9) lies in a segment, and segments are mostly speech.
        for (int i = 0; i < probabilities.Length; i++)
        {
            long middle = i * (long)SileroModel.ChunkSamples + SileroModel.ChunkSamples / 2;
            if (probabilities[i] > 0.9f && middle < samples.Length)
            {
                Assert.Contains(segments, s => s.Start <= middle && middle < s.End);
            }
        }

        long covered = segments.Sum(s => s.Length);
        Assert.True(covered < samples.Length, "segments must not cover the whole recording");
    }

    [Theory]
    [MemberData(nameof(NoiseRecordings))]
    public async Task Noise_only_recordings_give_no_segment_with_v6(string recording)
    {
        var detector = new SileroSpeechDetector(SileroTestModels.Require("v6"));
        var samples = await SileroTestModels.LoadRecordingAsync(recording);

        Assert.Empty(detector.Detect(samples));

        var stream = detector.CreateStream(TimeSpan.FromMilliseconds(500));
        stream.Process(samples);
        stream.Complete();
        Assert.False(stream.TryDequeue(out var segment), $"streaming found {segment}");
    }

    [Theory]
    [MemberData(nameof(SpeechRecordings))]
    public async Task Streaming_segments_do_not_depend_on_block_sizes_and_agree_with_the_whole_file(string recording)
    {
        var detector = new SileroSpeechDetector(SileroTestModels.Require("v6"));
        var samples = await SileroTestModels.LoadRecordingAsync(recording);
        var whole = detector.Detect(samples);

        var reference = Stream(detector, samples, samples.Length);
        foreach (int block in new[] { 1, 160, 511, 512, 1000, 16_000 })
        {
            Assert.Equal(reference, Stream(detector, samples, block));
        }

        Assert.NotEmpty(reference);
        AssertOrderedAndInside(reference, samples.Length);
        // With the same minimum silence, each streamed segment lies within a whole-file segment (which adds 30 ms pads).
        foreach (var segment in reference)
        {
            Assert.Contains(whole, w => w.Start <= segment.Start && segment.End <= w.End);
        }
    }

    [Fact]
    public async Task The_stream_starts_speech_on_a_chunk_boundary_and_allocates_nothing_per_block()
    {
        var detector = new SileroSpeechDetector(SileroTestModels.Require("v6"));
        var samples = await SileroTestModels.LoadRecordingAsync("speech30_16k.wav");
        // One whole pass first, so every path (speech start, end, dequeue) is compiled: the runtime's own allocations
        // while it compiles or re-tiers a method land on this thread too (one full-suite run saw 2264 bytes).
        var warmUp = detector.CreateStream(TimeSpan.FromMilliseconds(300));
        for (int offset = 0; offset + 320 <= samples.Length; offset += 320)
        {
            warmUp.Process(samples.AsSpan(offset, 320));
            while (warmUp.TryDequeue(out _))
            {
            }
        }

        var stream = detector.CreateStream(TimeSpan.FromMilliseconds(300));
        stream.Process(samples.AsSpan(0, 16_000));

        long before = GC.GetAllocatedBytesForCurrentThread();
        bool sawSpeech = false;
        for (int offset = 16_000; offset + 320 <= samples.Length; offset += 320)
        {
            stream.Process(samples.AsSpan(offset, 320));
            if (stream.InSpeech)
            {
                sawSpeech = true;
                Assert.True(stream.SpeechStartSample % SileroModel.ChunkSamples == 0);
            }

            while (stream.TryDequeue(out _))
            {
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sawSpeech);
    }

    private static List<SampleRange> Stream(ISpeechDetector detector, float[] samples, int block)
    {
        var stream = detector.CreateStream(new SileroVadOptions().MinSilence);
        var segments = new List<SampleRange>();
        for (int offset = 0; offset < samples.Length; offset += block)
        {
            stream.Process(samples.AsSpan(offset, Math.Min(block, samples.Length - offset)));
            while (stream.TryDequeue(out var segment))
            {
                segments.Add(segment);
            }
        }

        stream.Complete();
        while (stream.TryDequeue(out var segment))
        {
            segments.Add(segment);
        }

        return segments;
    }

    private static void AssertOrderedAndInside(IReadOnlyList<SampleRange> segments, long length)
    {
        long previous = 0;
        foreach (var segment in segments)
        {
            Assert.True(segment.Start >= previous && segment.End > segment.Start && segment.End <= length, $"{segment} after {previous} (length {length})");
            previous = segment.End;
        }
    }
}
