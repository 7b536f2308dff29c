using System.Buffers.Binary;

namespace VoiceFlow.Core.Tests.Audio;

/// <summary>The encodings of the WAV test matrix, each with an independent encoder and its quantisation step.</summary>
public enum WavTestEncoding
{
    Pcm8,
    Pcm16,
    Pcm24,
    Pcm32,
    Float32,
    Float64,
    ALaw,
    MuLaw,
}

internal static class WavTestEncoder
{
    internal static int FormatTag(WavTestEncoding encoding) => encoding switch
    {
        WavTestEncoding.Float32 or WavTestEncoding.Float64 => 3,
        WavTestEncoding.ALaw => 6,
        WavTestEncoding.MuLaw => 7,
        _ => 1,
    };

    internal static int Bits(WavTestEncoding encoding) => encoding switch
    {
        WavTestEncoding.Pcm16 => 16,
        WavTestEncoding.Pcm24 => 24,
        WavTestEncoding.Pcm32 or WavTestEncoding.Float32 => 32,
        WavTestEncoding.Float64 => 64,
        _ => 8,
    };

    /// <summary>Largest difference between a sample and its decoded value.</summary>
    internal static double Tolerance(WavTestEncoding encoding) => encoding switch
    {
        WavTestEncoding.Pcm8 => 1.0 / 128,
        WavTestEncoding.Pcm16 => 1.0 / 32768,
        WavTestEncoding.ALaw or WavTestEncoding.MuLaw => 1.0 / 64, // logarithmic steps reach 1024/32768 near full scale
        _ => 1e-6,
    };

    internal static byte[] Encode(ReadOnlySpan<float> samples, WavTestEncoding encoding)
    {
        int width = Bits(encoding) / 8;
        var bytes = new byte[samples.Length * width];
        for (int i = 0; i < samples.Length; i++)
        {
            double x = samples[i];
            var at = bytes.AsSpan(i * width);
            switch (encoding)
            {
                case WavTestEncoding.Pcm8: at[0] = (byte)Math.Clamp(Math.Round((x * 128) + 128), 0, 255); break;
                case WavTestEncoding.Pcm16: BinaryPrimitives.WriteInt16LittleEndian(at, (short)Math.Clamp(Math.Round(x * 32768), short.MinValue, short.MaxValue)); break;
                case WavTestEncoding.Pcm24:
                    int v24 = (int)Math.Clamp(Math.Round(x * 8388608), -8388608, 8388607);
                    at[0] = (byte)v24; at[1] = (byte)(v24 >> 8); at[2] = (byte)(v24 >> 16);
                    break;
                case WavTestEncoding.Pcm32: BinaryPrimitives.WriteInt32LittleEndian(at, (int)Math.Clamp(Math.Round(x * 2147483648.0), int.MinValue, int.MaxValue)); break;
                case WavTestEncoding.Float32: BinaryPrimitives.WriteSingleLittleEndian(at, (float)x); break;
                case WavTestEncoding.Float64: BinaryPrimitives.WriteDoubleLittleEndian(at, x); break;
                case WavTestEncoding.ALaw: at[0] = LinearToALaw((short)Math.Clamp(Math.Round(x * 32768), short.MinValue, short.MaxValue)); break;
                case WavTestEncoding.MuLaw: at[0] = LinearToMuLaw((short)Math.Clamp(Math.Round(x * 32768), short.MinValue, short.MaxValue)); break;
            }
        }
        return bytes;
    }

    // G.711 compressors after the Sun Microsystems reference (g711.c), the inverse of what the reader implements.
    private static readonly short[] ALawSegmentEnds = [0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF];
    private static readonly short[] MuLawSegmentEnds = [0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF];

    private static int Segment(int value, short[] ends)
    {
        for (int i = 0; i < ends.Length; i++)
            if (value <= ends[i]) return i;
        return ends.Length;
    }

    internal static byte LinearToALaw(short pcm)
    {
        int value = pcm >> 3;
        int mask;
        if (value >= 0) mask = 0xD5;
        else { mask = 0x55; value = -value - 1; }
        int segment = Segment(value, ALawSegmentEnds);
        if (segment >= 8) return (byte)(0x7F ^ mask);
        int encoded = segment << 4;
        encoded |= segment < 2 ? (value >> 1) & 0x0F : (value >> segment) & 0x0F;
        return (byte)(encoded ^ mask);
    }

    internal static byte LinearToMuLaw(short pcm)
    {
        const int Bias = 0x84, Clip = 8159;
        int value = pcm >> 2;
        int mask;
        if (value < 0) { value = -value; mask = 0x7F; }
        else mask = 0xFF;
        if (value > Clip) value = Clip;
        value += Bias >> 2;
        int segment = Segment(value, MuLawSegmentEnds);
        if (segment >= 8) return (byte)(0x7F ^ mask);
        int encoded = (segment << 4) | ((value >> (segment + 1)) & 0x0F);
        return (byte)(encoded ^ mask);
    }
}
