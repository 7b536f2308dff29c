using CsCheck;
using VoiceFlow.Core.Vad;

namespace VoiceFlow.Core.Tests.Vad;

/// <summary>Properties of the energy VAD beyond its examples: silence in any blocks, and level independence.</summary>
public class EnergyVadPropertyTests
{
    [Fact]
    public void Digital_silence_fed_in_any_blocks_never_starts_speech()
    {
        Gen.Select(Gen.Int[0, 64_000], Gen.Int[1, 5000].Array[1, 10]).Sample((length, blocks) =>
        {
            var vad = new EnergyVad();
            var silence = new float[length];
            for (int position = 0, b = 0; position < length; b++)
            {
                int size = Math.Min(blocks[b % blocks.Length], length - position);
                vad.Process(silence.AsSpan(position, size));
                position += size;
                Assert.False(vad.InSpeech);
            }

            vad.Complete();
            Assert.False(vad.TryDequeue(out _));
        }, iter: 60);
    }

    /// <summary>
    /// Thresholds are relative to the adaptive noise floor, so scaling the whole recording by a power of two
    /// (exact in floating point) must not change a decision, as long as the floor stays above its minimum
    /// (-60 dBFS): the background noise here is at least -45 dBFS after scaling.
    /// </summary>
    [Fact]
    public void Scaling_a_recording_with_background_noise_does_not_change_the_segments()
    {
        Gen.Select(Gen.Int[0, 1_000_000], Gen.Double[0.04, 0.1], Gen.Int[-2, 2]).Sample((seed, noise, exponent) =>
        {
            var samples = NoisyBursts(seed, noise);
            float gain = MathF.ScaleB(1f, exponent);
            var scaled = samples.Select(s => s * gain).ToArray();

            Assert.Equal(EnergyVad.Detect(samples), EnergyVad.Detect(scaled));
        }, iter: 60);
    }

    /// <summary>Up to 4 s of uniform noise with tone bursts 3 to 30 times louder at random places.</summary>
    private static float[] NoisyBursts(int seed, double noise)
    {
        var random = new Random(seed);
        var samples = TestSignals.Noise(seed, random.Next(16_000, 64_000), noise);
        for (int burst = random.Next(0, 5); burst > 0; burst--)
        {
            int start = random.Next(samples.Length);
            int length = Math.Min(random.Next(800, 12_000), samples.Length - start);
            double amplitude = noise * (3 + (random.NextDouble() * 27));
            double frequency = 150 + (random.NextDouble() * 2500);
            for (int i = 0; i < length; i++)
                samples[start + i] += (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / 16_000));
        }

        return samples;
    }
}
