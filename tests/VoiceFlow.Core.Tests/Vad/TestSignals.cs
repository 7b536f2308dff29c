namespace VoiceFlow.Core.Tests.Vad;

/// <summary>Reproducible synthetic audio for detector tests.</summary>
internal static class TestSignals
{
    /// <summary>A random sequence of silences, noise and tone bursts at random levels (up to about 8 s).</summary>
    public static float[] Mixed(int seed)
    {
        var random = new Random(seed);
        var samples = new List<float>();
        int pieces = random.Next(1, 12);
        for (int p = 0; p < pieces; p++)
        {
            int length = random.Next(160, 16_000);
            double amplitude = Math.Pow(10, random.NextDouble() * -4); // 1e-4 .. 1
            switch (random.Next(3))
            {
                case 0:
                    samples.AddRange(new float[length]);
                    break;
                case 1:
                    for (int i = 0; i < length; i++)
                    {
                        samples.Add((float)((random.NextDouble() * 2 - 1) * amplitude));
                    }

                    break;
                default:
                    double frequency = 100 + random.NextDouble() * 3000;
                    for (int i = 0; i < length; i++)
                    {
                        samples.Add((float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / 16_000)));
                    }

                    break;
            }
        }

        return [.. samples];
    }

    /// <summary>Uniform white noise with peak <paramref name="amplitude"/>.</summary>
    public static float[] Noise(int seed, int length, double amplitude)
    {
        var random = new Random(seed);
        var samples = new float[length];
        for (int i = 0; i < length; i++)
        {
            samples[i] = (float)((random.NextDouble() * 2 - 1) * amplitude);
        }

        return samples;
    }

    /// <summary><paramref name="before"/> zeros, a 440 Hz tone of <paramref name="length"/> samples, <paramref name="after"/> zeros.</summary>
    public static float[] ToneInSilence(int before, int length, int after, double amplitude = 0.3)
    {
        var samples = new float[before + length + after];
        for (int i = 0; i < length; i++)
        {
            samples[before + i] = (float)(amplitude * Math.Sin(2 * Math.PI * 440 * i / 16_000));
        }

        return samples;
    }
}
