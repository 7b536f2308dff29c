namespace VoiceFlow.Server.Tests.Support;

/// <summary>G.711 encoders (ITU-T reference algorithm) to make μ-law and A-law test input.</summary>
internal static class G711Encoder
{
    public static byte[] MuLaw(ReadOnlySpan<float> samples)
    {
        byte[] encoded = new byte[samples.Length];
        for (int i = 0; i < samples.Length; i++)
        {
            int pcm = Math.Clamp((int)Math.Round(samples[i] * 32767), -32767, 32767);
            int sign = pcm < 0 ? 0x80 : 0;
            int magnitude = Math.Min(Math.Abs(pcm) + 132, 32635);
            int exponent = 7;
            for (int mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1)
            {
                exponent--;
            }

            int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
            encoded[i] = (byte)~(sign | (exponent << 4) | mantissa);
        }

        return encoded;
    }

    public static byte[] ALaw(ReadOnlySpan<float> samples)
    {
        byte[] encoded = new byte[samples.Length];
        for (int i = 0; i < samples.Length; i++)
        {
            int pcm = Math.Clamp((int)Math.Round(samples[i] * 32767), -32767, 32767);
            int sign = pcm >= 0 ? 0x80 : 0;
            int magnitude = Math.Abs(pcm) >> 3; // 13-bit
            int value;
            if (magnitude < 32)
            {
                value = magnitude >> 1;
            }
            else
            {
                int exponent = 1;
                while (magnitude >= (32 << exponent) && exponent < 7)
                {
                    exponent++;
                }

                value = (exponent << 4) | ((magnitude >> exponent) & 0x0F);
            }

            encoded[i] = (byte)((sign | value) ^ 0x55);
        }

        return encoded;
    }
}
