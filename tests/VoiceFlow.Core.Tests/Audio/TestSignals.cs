namespace VoiceFlow.Core.Tests.Audio;

/// <summary>Signals and measurements for audio tests, computed in double precision independently of the product code.</summary>
internal static class TestSignals
{
    internal static float[] Sine(double frequency, int sampleRate, int length, double amplitude = 0.5, double phase = 0)
    {
        var samples = new float[length];
        for (int i = 0; i < length; i++)
            samples[i] = (float)(amplitude * Math.Sin((2 * Math.PI * frequency * i / sampleRate) + phase));
        return samples;
    }

    /// <summary>Interleaved frames where channel c is a sine at baseFrequency·(c+1), so a wrong mixdown shows.</summary>
    internal static float[] MultiChannel(int channels, int sampleRate, int frames, double amplitude = 0.4)
    {
        var interleaved = new float[frames * channels];
        for (int c = 0; c < channels; c++)
        {
            var channel = Sine(220 * (c + 1), sampleRate, frames, amplitude, phase: c);
            for (int i = 0; i < frames; i++)
                interleaved[(i * channels) + c] = channel[i];
        }
        return interleaved;
    }

    internal static float[] MixToMono(ReadOnlySpan<float> interleaved, int channels)
    {
        var mono = new float[interleaved.Length / channels];
        for (int i = 0; i < mono.Length; i++)
        {
            double sum = 0;
            for (int c = 0; c < channels; c++)
                sum += interleaved[(i * channels) + c];
            mono[i] = (float)(sum / channels);
        }
        return mono;
    }

    /// <summary>
    /// Amplitude of the component at <paramref name="frequency"/>: an exact least-squares fit of a sine and a
    /// cosine (solving the 2×2 normal equations), so a window that is not a whole number of periods adds no bias.
    /// </summary>
    internal static double AmplitudeAt(ReadOnlySpan<float> samples, double frequency, int sampleRate)
    {
        var (a, b) = FitTone(samples, frequency, sampleRate);
        return Math.Sqrt((a * a) + (b * b));
    }

    /// <summary>What is left after removing the best-fitting tone at <paramref name="frequency"/>: every distortion, image and alias.</summary>
    internal static float[] WithoutTone(ReadOnlySpan<float> samples, double frequency, int sampleRate)
    {
        var (a, b) = FitTone(samples, frequency, sampleRate);
        var residual = new float[samples.Length];
        for (int i = 0; i < samples.Length; i++)
        {
            double angle = 2 * Math.PI * frequency * i / sampleRate;
            residual[i] = (float)(samples[i] - (a * Math.Sin(angle)) - (b * Math.Cos(angle)));
        }
        return residual;
    }

    private static (double Sine, double Cosine) FitTone(ReadOnlySpan<float> samples, double frequency, int sampleRate)
    {
        double ss = 0, cc = 0, sc = 0, ys = 0, yc = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            double angle = 2 * Math.PI * frequency * i / sampleRate;
            double s = Math.Sin(angle), c = Math.Cos(angle);
            ss += s * s; cc += c * c; sc += s * c;
            ys += samples[i] * s; yc += samples[i] * c;
        }
        double determinant = (ss * cc) - (sc * sc);
        return (((ys * cc) - (yc * sc)) / determinant, ((yc * ss) - (ys * sc)) / determinant);
    }

    internal static double Rms(ReadOnlySpan<float> samples)
    {
        double sum = 0;
        foreach (float s in samples)
            sum += s * (double)s;
        return samples.IsEmpty ? 0 : Math.Sqrt(sum / samples.Length);
    }

    internal static double Decibels(double ratio) => 20 * Math.Log10(ratio);

    internal static float[] RandomSamples(int length, int seed)
    {
        var random = new Random(seed);
        var samples = new float[length];
        for (int i = 0; i < length; i++)
            samples[i] = (float)((random.NextDouble() * 2) - 1);
        return samples;
    }
}
