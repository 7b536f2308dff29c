using CsCheck;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.Vad;

namespace VoiceFlow.Core.Tests.Vad;

public class EnergyVadTests
{
    [Fact]
    public void Streaming_in_random_block_sizes_gives_the_offline_segments()
    {
        Gen.Select(Gen.Int[0, 1_000_000], Gen.Int[1, 4000].Array[1, 20]).Sample((seed, blocks) =>
        {
            float[] samples = TestSignals.Mixed(seed);
            var offline = EnergyVad.Detect(samples);

            var vad = new EnergyVad();
            var streamed = new List<SampleRange>();
            int position = 0;
            for (int b = 0; position < samples.Length; b++)
            {
                int length = Math.Min(blocks[b % blocks.Length], samples.Length - position);
                vad.Process(samples.AsSpan(position, length));
                position += length;
                while (vad.TryDequeue(out var segment))
                {
                    streamed.Add(segment);
                }
            }

            vad.Complete();
            while (vad.TryDequeue(out var segment))
            {
                streamed.Add(segment);
            }

            Assert.Equal(offline, streamed);
        }, iter: 200);
    }

    [Fact]
    public void Silence_and_steady_noise_yield_no_speech()
    {
        Gen.Select(Gen.Int[0, 1_000_000], Gen.Int[0, 96_000], Gen.Double[-8, 0]).Sample((seed, length, log10Amplitude) =>
        {
            Assert.Empty(EnergyVad.Detect(new float[length]));
            Assert.Empty(EnergyVad.Detect(TestSignals.Noise(seed, length, Math.Pow(10, log10Amplitude))));
        }, iter: 100);
    }

    [Fact]
    public void A_tone_in_silence_is_one_segment_with_hangover()
    {
        float[] samples = TestSignals.ToneInSilence(16_000, 16_000, 16_000);

        var segment = Assert.Single(EnergyVad.Detect(samples));

        Assert.Equal(16_000, segment.Start);
        Assert.Equal(32_000 + 8 * 320, segment.End); // 150 ms hangover = 8 frames of 20 ms
    }

    [Fact]
    public void Clicks_shorter_than_the_minimum_speech_are_ignored_and_short_pauses_do_not_split()
    {
        Assert.Empty(EnergyVad.Detect(TestSignals.ToneInSilence(16_000, 640, 16_000)));

        float[] twoBursts = [.. TestSignals.ToneInSilence(8_000, 8_000, 960), .. TestSignals.ToneInSilence(0, 8_000, 8_000)];
        Assert.Single(EnergyVad.Detect(twoBursts));
    }

    [Fact]
    public void Speech_running_to_the_end_is_closed_by_complete()
    {
        var vad = new EnergyVad();
        vad.Process(TestSignals.ToneInSilence(3_200, 6_400, 0));
        Assert.True(vad.InSpeech);
        Assert.Equal(3_200, vad.SpeechStartSample);
        Assert.False(vad.TryDequeue(out _));

        vad.Complete();

        Assert.True(vad.TryDequeue(out var segment));
        Assert.Equal(new SampleRange(3_200, 9_600), segment);
    }

    [Fact]
    public void Steady_state_processing_allocates_nothing()
    {
        var vad = new EnergyVad();
        float[] audio = TestSignals.Mixed(7);
        for (int i = 0; i + 333 <= audio.Length; i += 333)
        {
            vad.Process(audio.AsSpan(i, 333));
            while (vad.TryDequeue(out _)) { }
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i + 333 <= audio.Length; i += 333)
            {
                vad.Process(audio.AsSpan(i, 333));
                while (vad.TryDequeue(out _)) { }
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(5, "vad.frame_milliseconds")]
    [InlineData(40, "vad.frame_milliseconds")]
    public void Invalid_frame_length_is_a_configuration_error(int frameMs, string key)
    {
        var error = Assert.Throws<ConfigurationException>(() => new EnergyVad(new VadOptions { FrameMilliseconds = frameMs }));
        Assert.StartsWith(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Continue_threshold_above_start_threshold_is_rejected()
    {
        var error = Assert.Throws<ConfigurationException>(() => new EnergyVad(new VadOptions { StartThresholdDb = 5, ContinueThresholdDb = 8 }));
        Assert.Contains("continue_threshold_db", error.Message, StringComparison.Ordinal);
    }
}
