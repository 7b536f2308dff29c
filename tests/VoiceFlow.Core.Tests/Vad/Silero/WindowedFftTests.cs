using VoiceFlow.Core.Vad.Silero;

namespace VoiceFlow.Core.Tests.Vad.Silero;

/// <summary>The FFT that replaces Silero's STFT convolution: four frames per vector against the one-frame path.</summary>
public sealed class WindowedFftTests
{
    [Fact]
    public void Frames_in_vector_lanes_give_bit_for_bit_the_magnitudes_of_frames_one_at_a_time()
    {
        var random = new Random(21);
        var window = Enumerable.Range(0, SileroModel.FftSize).Select(n => (float)(0.5 - 0.5 * Math.Cos(2 * Math.PI * n / SileroModel.FftSize))).ToArray();
        var fft = new WindowedFft();
        for (int count = 0; count <= 13; count++)
        {
            var frames = Enumerable.Range(0, count * SileroModel.FftSize).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            var together = new float[count * SileroModel.Bins];
            fft.MagnitudesOfFrames(frames, window, together);
            for (int frame = 0; frame < count; frame++)
            {
                var alone = new float[SileroModel.Bins];
                fft.Magnitudes(frames.AsSpan(frame * SileroModel.FftSize, SileroModel.FftSize), window, alone);
                Assert.Equal(alone, together.AsSpan(frame * SileroModel.Bins, SileroModel.Bins).ToArray());
            }
        }
    }

    [Fact]
    public void Magnitudes_equal_a_direct_discrete_fourier_transform_of_the_windowed_frame()
    {
        var random = new Random(3);
        var window = Enumerable.Range(0, SileroModel.FftSize).Select(_ => (float)random.NextDouble()).ToArray();
        var fft = new WindowedFft();
        for (int trial = 0; trial < 20; trial++)
        {
            var frame = Enumerable.Range(0, SileroModel.FftSize).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            var magnitudes = new float[SileroModel.Bins];
            fft.Magnitudes(frame, window, magnitudes);
            for (int k = 0; k < SileroModel.Bins; k++)
            {
                double re = 0, im = 0;
                for (int n = 0; n < SileroModel.FftSize; n++)
                {
                    double angle = 2 * Math.PI * k * n / SileroModel.FftSize;
                    re += frame[n] * (double)window[n] * Math.Cos(angle);
                    im -= frame[n] * (double)window[n] * Math.Sin(angle);
                }

                float expected = (float)Math.Sqrt((re * re) + (im * im));
                Assert.True(Math.Abs(expected - magnitudes[k]) <= 1e-6f * Math.Max(1f, expected), $"trial {trial} bin {k}: {magnitudes[k]} vs {expected}");
            }
        }
    }

    [Fact]
    public void A_pure_tone_puts_its_energy_in_its_own_bin()
    {
        var window = Enumerable.Repeat(1f, SileroModel.FftSize).ToArray();
        var frames = new float[4 * SileroModel.FftSize];
        for (int frame = 0; frame < 4; frame++)
        {
            int bin = 10 + (frame * 20);
            for (int n = 0; n < SileroModel.FftSize; n++)
            {
                frames[(frame * SileroModel.FftSize) + n] = (float)Math.Cos(2 * Math.PI * bin * n / SileroModel.FftSize);
            }
        }

        var magnitudes = new float[4 * SileroModel.Bins];
        new WindowedFft().MagnitudesOfFrames(frames, window, magnitudes);

        for (int frame = 0; frame < 4; frame++)
        {
            int bin = 10 + (frame * 20);
            var row = magnitudes.AsSpan(frame * SileroModel.Bins, SileroModel.Bins);
            Assert.Equal(SileroModel.FftSize / 2f, row[bin], 3f);
            Assert.True(row[bin + 1] < 1e-3f && row[bin - 1] < 1e-3f, $"frame {frame}");
        }
    }
}
