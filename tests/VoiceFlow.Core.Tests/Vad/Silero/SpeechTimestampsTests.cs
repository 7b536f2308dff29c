using VoiceFlow.Core.Vad;
using VoiceFlow.Core.Vad.Silero;

namespace VoiceFlow.Core.Tests.Vad.Silero;

/// <summary>get_speech_timestamps' rules on hand-made probability sequences (one value per 512-sample chunk).</summary>
public sealed class SpeechTimestampsTests
{
    private const int Chunk = SileroModel.ChunkSamples;
    private const int Pad = 480; // 30 ms

    private static float[] Probabilities(params (float Value, int Chunks)[] runs) =>
        [.. runs.SelectMany(r => Enumerable.Repeat(r.Value, r.Chunks))];

    [Fact]
    public void One_region_is_found_and_padded_by_30_ms()
    {
        var p = Probabilities((0.1f, 10), (0.9f, 20), (0.1f, 10));

        var regions = SpeechTimestamps.Find(p, p.Length * Chunk, new SileroVadOptions());

        Assert.Equal([new SampleRange(10 * Chunk - Pad, 30 * Chunk + Pad)], regions);
    }

    [Fact]
    public void Speech_shorter_than_250_ms_is_dropped()
    {
        var p = Probabilities((0.1f, 10), (0.9f, 7), (0.1f, 10));

        Assert.Empty(SpeechTimestamps.Find(p, p.Length * Chunk, new SileroVadOptions()));
    }

    [Fact]
    public void Probabilities_between_the_thresholds_keep_speech_going()
    {
        var p = Probabilities((0.1f, 5), (0.9f, 10), (0.4f, 30), (0.9f, 2), (0.1f, 10));

        var regions = SpeechTimestamps.Find(p, p.Length * Chunk, new SileroVadOptions());

        Assert.Equal([new SampleRange(5 * Chunk - Pad, 47 * Chunk + Pad)], regions);
    }

    [Fact]
    public void Pauses_shorter_than_100_ms_are_bridged_and_longer_ones_split()
    {
        // 3 chunks (96 ms) of silence: bridged. 5 chunks (160 ms): two regions.
        var bridged = Probabilities((0.1f, 5), (0.9f, 10), (0.1f, 3), (0.9f, 10), (0.1f, 10));
        var split = Probabilities((0.1f, 5), (0.9f, 10), (0.1f, 5), (0.9f, 10), (0.1f, 10));

        Assert.Single(SpeechTimestamps.Find(bridged, bridged.Length * Chunk, new SileroVadOptions()));
        var regions = SpeechTimestamps.Find(split, split.Length * Chunk, new SileroVadOptions());
        Assert.Equal(2, regions.Count);
        Assert.Equal(15 * Chunk + Pad, regions[0].End);
        Assert.Equal(20 * Chunk - Pad, regions[1].Start);
    }

    [Fact]
    public void Neighbours_closer_than_twice_the_pad_share_the_gap()
    {
        var p = Probabilities((0.1f, 5), (0.9f, 10), (0.1f, 4), (0.9f, 10), (0.1f, 10));
        var options = new SileroVadOptions { MinSilence = TimeSpan.FromMilliseconds(64), SpeechPad = TimeSpan.FromMilliseconds(100) };

        var regions = SpeechTimestamps.Find(p, p.Length * Chunk, options);

        Assert.Equal(2, regions.Count);
        Assert.Equal(regions[0].End, regions[1].Start);
        Assert.Equal(15 * Chunk + 2 * Chunk, regions[0].End);
    }

    [Fact]
    public void Overlong_speech_is_split_at_its_longest_pause()
    {
        // 10 s of speech with a 0.16 s pause at 3 s and a 0.32 s pause at 6 s, max speech 8 s: cut at 6 s.
        var p = Probabilities((0.9f, 94), (0.2f, 5), (0.9f, 88), (0.2f, 10), (0.9f, 120), (0.1f, 20));
        var options = new SileroVadOptions { MaxSpeech = TimeSpan.FromSeconds(8), MinSilence = TimeSpan.FromSeconds(1) };

        var regions = SpeechTimestamps.Find(p, p.Length * Chunk, options);

        Assert.Equal(2, regions.Count);
        long pauseStart = (94 + 5 + 88) * Chunk;
        Assert.Equal(pauseStart + Pad, regions[0].End);
        Assert.Equal(pauseStart + 10 * Chunk - Pad, regions[1].Start);
    }

    [Fact]
    public void Overlong_speech_without_a_pause_is_cut_hard()
    {
        var p = Probabilities((0.9f, 400), (0.1f, 10));
        var options = new SileroVadOptions { MaxSpeech = TimeSpan.FromSeconds(5) };

        var regions = SpeechTimestamps.Find(p, p.Length * Chunk, options);

        Assert.True(regions.Count >= 2);
        Assert.All(regions, r => Assert.True(r.Length <= 5 * 16_000 + 2 * Pad, r.ToString()));
        Assert.Equal(p.Length * Chunk - 10 * Chunk + Pad, regions[^1].End);
    }

    [Fact]
    public void Speech_running_to_the_end_ends_at_the_last_sample()
    {
        var p = Probabilities((0.1f, 4), (0.9f, 20));
        long total = p.Length * Chunk - 100;

        var regions = SpeechTimestamps.Find(p, total, new SileroVadOptions());

        Assert.Equal([new SampleRange(4 * Chunk - Pad, total)], regions);
    }

    [Fact]
    public void Nothing_in_nothing_out()
    {
        Assert.Empty(SpeechTimestamps.Find([], 0, new SileroVadOptions()));
        Assert.Empty(SpeechTimestamps.Find(new float[100], 100 * Chunk, new SileroVadOptions()));
    }
}
