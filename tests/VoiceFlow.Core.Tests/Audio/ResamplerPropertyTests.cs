using CsCheck;
using VoiceFlow.Core.Audio;

namespace VoiceFlow.Core.Tests.Audio;

/// <summary>
/// Properties of the resampler over random rate pairs, lengths and signals (CsCheck shrinks a failure to
/// the smallest case): the output length formula, DC and passband tones kept, streaming totals.
/// </summary>
public class ResamplerPropertyTests
{
    /// <summary>Rates met in practice plus awkward ones (coprime with 16 kHz, tiny, huge).</summary>
    private static readonly int[] Rates = [8000, 11025, 16000, 22050, 24000, 32000, 44100, 48000, 96000, 192000, 16001, 7919, 1000];

    private static readonly Gen<int> Rate = Gen.Int[0, Rates.Length - 1].Select(i => Rates[i]);

    [Fact]
    public void Output_length_is_the_ceiling_of_length_times_out_over_in_and_streaming_gives_the_same_total()
    {
        Gen.Select(Rate, Rate, Gen.Int[0, 4000], Gen.Int[1, 900]).Sample((inRate, outRate, length, block) =>
        {
            long expected = (((long)length * outRate) + inRate - 1) / inRate;
            Assert.Equal(expected, Resampler.Resample(new float[length], inRate, outRate).Length);

            var resampler = new StreamingResampler(inRate, outRate);
            var output = new float[resampler.MaxOutputLength(block)];
            long produced = 0;
            for (int position = 0; position < length; position += block)
                produced += resampler.Process(new float[Math.Min(block, length - position)], output);
            var tail = new float[resampler.PendingFlushLength];
            produced += resampler.Flush(tail);
            Assert.Equal(expected, produced);
        }, iter: 120);
    }

    [Fact]
    public void A_constant_signal_comes_out_at_the_same_level_away_from_the_edges()
    {
        Gen.Select(Rate, Rate, Gen.Float[-1, 1]).Sample((inRate, outRate, level) =>
        {
            var (input, edge) = Interior(inRate, outRate, n => Enumerable.Repeat(level, n).ToArray());
            var output = Resampler.Resample(input, inRate, outRate);
            foreach (float sample in output.AsSpan(edge, output.Length - (2 * edge)))
                Assert.Equal(level, sample, 2e-4f);
        }, iter: 60);
    }

    [Fact]
    public void A_tone_in_the_passband_keeps_its_amplitude_within_a_tenth_of_a_decibel()
    {
        Gen.Select(Rate, Rate, Gen.Double[0.02, 0.4], Gen.Double[0.05, 0.9]).Sample((inRate, outRate, relative, amplitude) =>
        {
            // Passband: up to 40% of the lower rate (the design keeps 45%).
            double frequency = relative * Math.Min(inRate, outRate);
            var (input, edge) = Interior(inRate, outRate, n => TestSignals.Sine(frequency, inRate, n, amplitude));
            var output = Resampler.Resample(input, inRate, outRate);
            double measured = TestSignals.AmplitudeAt(output.AsSpan(edge, output.Length - (2 * edge)), frequency, outRate);
            // The fit starts at sample `edge`, a phase shift the least-squares fit absorbs.
            double gainDb = TestSignals.Decibels(measured / amplitude);
            Assert.True(Math.Abs(gainDb) < 0.1, $"{inRate} -> {outRate} Hz, {frequency:F0} Hz tone: {gainDb:F3} dB");
        }, iter: 60);
    }

    /// <summary>
    /// A signal of a quarter second (at least 20 filter lengths) and the output samples at each end that the
    /// filter computes partly from beyond the signal (its look-ahead, in output samples, plus one).
    /// </summary>
    private static (float[] Input, int Edge) Interior(int inRate, int outRate, Func<int, float[]> signal)
    {
        int lookAhead = new StreamingResampler(inRate, outRate).LookAheadSamples;
        int length = Math.Max(inRate / 4, 40 * lookAhead);
        int edge = (int)Math.Ceiling((lookAhead + 1) * (double)outRate / inRate) + 1;
        return (signal(length), edge);
    }
}
