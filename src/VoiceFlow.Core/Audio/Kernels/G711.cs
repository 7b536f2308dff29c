namespace VoiceFlow.Core.Audio;

/// <summary>
/// ITU-T G.711 A-law and µ-law expansion. The decoders are the standard's bit manipulations
/// (the reference); conversion of whole buffers goes through 256-entry tables built from them,
/// since a table lookup per byte is faster than any arithmetic and there is nothing to vectorize.
/// </summary>
internal static class G711
{
    private static readonly float[] ALawTable = BuildTable(DecodeALaw);
    private static readonly float[] MuLawTable = BuildTable(DecodeMuLaw);

    /// <summary>Expands one A-law byte to a 16-bit linear value (range ±32256).</summary>
    internal static short DecodeALaw(byte encoded)
    {
        int value = encoded ^ 0x55;
        int exponent = (value & 0x70) >> 4;
        int mantissa = value & 0x0F;
        int magnitude = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
        return (short)((value & 0x80) != 0 ? magnitude : -magnitude);
    }

    /// <summary>Expands one µ-law byte to a 16-bit linear value (range ±32124).</summary>
    internal static short DecodeMuLaw(byte encoded)
    {
        int value = ~encoded & 0xFF;
        int exponent = (value >> 4) & 0x07;
        int mantissa = value & 0x0F;
        int magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
        return (short)((value & 0x80) != 0 ? -magnitude : magnitude);
    }

    internal static void ALawToFloat(ReadOnlySpan<byte> source, Span<float> destination) => Lookup(ALawTable, source, destination);

    internal static void MuLawToFloat(ReadOnlySpan<byte> source, Span<float> destination) => Lookup(MuLawTable, source, destination);

    private static void Lookup(float[] table, ReadOnlySpan<byte> source, Span<float> destination)
    {
        if (destination.Length < source.Length)
            throw new ArgumentException($"Destination holds {destination.Length} samples, source has {source.Length}.", nameof(destination));
        ReadOnlySpan<float> t = table;
        for (int i = 0; i < source.Length; i++)
            destination[i] = t[source[i]];
    }

    private static float[] BuildTable(Func<byte, short> decode)
    {
        var table = new float[256];
        for (int i = 0; i < table.Length; i++)
            table[i] = decode((byte)i) * SampleConversion.Int16Scale;
        return table;
    }
}
