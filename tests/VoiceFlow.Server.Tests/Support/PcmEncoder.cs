using System.Buffers.Binary;
using VoiceFlow.Core.Audio;

namespace VoiceFlow.Server.Tests.Support;

/// <summary>Makes raw PCM in any rate, width and channel count from 16 kHz mono test speech.</summary>
internal static class PcmEncoder
{
    public static byte[] Encode(ReadOnlySpan<float> mono16k, int rate, int width, int channels)
    {
        float[] samples = rate == 16_000 ? mono16k.ToArray() : Resampler.Resample(mono16k, 16_000, rate);
        byte[] pcm = new byte[samples.Length * width * channels];
        for (int i = 0; i < samples.Length; i++)
        {
            double value = Math.Clamp(samples[i], -1f, 0.99997f);
            for (int c = 0; c < channels; c++)
            {
                var at = pcm.AsSpan(((i * channels) + c) * width, width);
                switch (width)
                {
                    case 1:
                        at[0] = (byte)Math.Clamp(Math.Round((value * 128) + 128), 0, 255);
                        break;
                    case 2:
                        BinaryPrimitives.WriteInt16LittleEndian(at, (short)Math.Round(value * 32767));
                        break;
                    case 3:
                        int v24 = (int)Math.Round(value * 8_388_607);
                        at[0] = (byte)v24;
                        at[1] = (byte)(v24 >> 8);
                        at[2] = (byte)(v24 >> 16);
                        break;
                    default:
                        BinaryPrimitives.WriteInt32LittleEndian(at, (int)Math.Round(value * 2_147_483_647));
                        break;
                }
            }
        }

        return pcm;
    }
}
