namespace VoiceFlow.Core.Tests.Validation;

/// <summary>Deterministic test audio with every kind of defect validation must see.</summary>
internal static class TestSignals
{
    /// <summary>Random samples in [-1.3, 1.3] with NaN, ±Inf, full-scale and far-out values sprinkled in.</summary>
    public static float[] Nasty(int length, int seed)
    {
        var random = new Random(seed);
        var samples = new float[length];
        for (int i = 0; i < length; i++)
        {
            samples[i] = random.Next(20) switch
            {
                0 => float.NaN,
                1 => float.PositiveInfinity,
                2 => float.NegativeInfinity,
                3 => random.Next(2) == 0 ? 1f : -1f,
                4 => (float)(random.NextDouble() * 60000 - 30000),
                5 => -0f,
                _ => (float)(random.NextDouble() * 2.6 - 1.3),
            };
        }

        return samples;
    }

    /// <summary>A clean speech-like tone: amplitude <paramref name="amplitude"/>, 220 Hz at 16 kHz.</summary>
    public static float[] Tone(int length, float amplitude = 0.3f, float dc = 0f)
    {
        var samples = new float[length];
        for (int i = 0; i < length; i++)
        {
            samples[i] = dc + amplitude * MathF.Sin(2 * MathF.PI * 220 * i / 16000f);
        }

        return samples;
    }
}
