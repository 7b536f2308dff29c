using VoiceFlow.Core.Audio;

namespace VoiceFlow.Core.Tests.Audio;

/// <summary>Frequency-response measurements of the resampler with pure tones.</summary>
internal static class ResamplerMeasurements
{
    private const double Amplitude = 0.5;
    private const double SecondsPerTone = 0.25;

    /// <summary>Largest |gain| in dB over tones from 50 Hz to <paramref name="upTo"/> Hz.</summary>
    internal static (double WorstDb, double AtHz) PassbandDeviation(int inRate, int outRate, double upTo, int tones = 40)
    {
        double worst = 0, at = 0;
        for (int k = 0; k <= tones; k++)
        {
            double frequency = 50 + ((upTo - 50) * k / tones);
            var output = Steady(TestSignals.Sine(frequency, inRate, (int)(inRate * SecondsPerTone), Amplitude), inRate, outRate);
            double gainDb = TestSignals.Decibels(TestSignals.AmplitudeAt(output, frequency, outRate) / Amplitude);
            if (Math.Abs(gainDb) > Math.Abs(worst)) (worst, at) = (gainDb, frequency);
        }
        return (worst, at);
    }

    /// <summary>
    /// Highest output level (dB relative to the input tone) for tones from <paramref name="from"/> to
    /// <paramref name="to"/> Hz: everything that comes out of a tone the output rate cannot represent is aliasing.
    /// </summary>
    internal static (double WorstDb, double AtHz) AliasLevel(int inRate, int outRate, double from, double to, int tones = 40)
    {
        double worst = double.NegativeInfinity, at = 0;
        for (int k = 0; k <= tones; k++)
        {
            double frequency = from + ((to - from) * k / tones);
            var output = Steady(TestSignals.Sine(frequency, inRate, (int)(inRate * SecondsPerTone), Amplitude), inRate, outRate);
            double levelDb = TestSignals.Decibels(TestSignals.Rms(output) * Math.Sqrt(2) / Amplitude);
            if (levelDb > worst) (worst, at) = (levelDb, frequency);
        }
        return (worst, at);
    }

    /// <summary>
    /// Up-sampling: highest level of everything but the tone itself (the images at inRate − f above all),
    /// in dB relative to the tone, for tones below the input's Nyquist frequency.
    /// </summary>
    internal static (double WorstDb, double AtHz) ImageLevel(int inRate, int outRate, double from, double to, int tones = 40)
    {
        double worst = double.NegativeInfinity, at = 0;
        for (int k = 0; k <= tones; k++)
        {
            double frequency = from + ((to - from) * k / tones);
            var output = Steady(TestSignals.Sine(frequency, inRate, (int)(inRate * SecondsPerTone), Amplitude), inRate, outRate);
            double levelDb = TestSignals.Decibels(TestSignals.Rms(TestSignals.WithoutTone(output, frequency, outRate)) * Math.Sqrt(2) / Amplitude);
            if (levelDb > worst) (worst, at) = (levelDb, frequency);
        }
        return (worst, at);
    }

    /// <summary>Resamples and drops the first and last 20 ms, where the filter sees the signal's edges.</summary>
    private static float[] Steady(float[] input, int inRate, int outRate)
    {
        var output = Resampler.Resample(input, inRate, outRate);
        int edge = outRate / 50;
        return output[edge..^edge];
    }
}
