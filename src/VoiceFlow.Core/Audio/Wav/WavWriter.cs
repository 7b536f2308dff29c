using System.Buffers.Binary;

namespace VoiceFlow.Core.Audio;

/// <summary>Sample formats <see cref="WavWriter"/> writes.</summary>
public enum WavSampleFormat
{
    /// <summary>Signed 16-bit PCM; samples are clamped to [-1, 1) and rounded.</summary>
    Pcm16,

    /// <summary>32-bit IEEE float, stored as given.</summary>
    Float32,
}

/// <summary>Writes canonical RIFF WAVE files (a 16-byte fmt chunk and one data chunk).</summary>
public static class WavWriter
{
    /// <summary>Largest data chunk a RIFF file can describe (its sizes are 32-bit).</summary>
    private const long MaxDataBytes = uint.MaxValue - 36;

    /// <summary>Writes <paramref name="interleaved"/> (frames of <paramref name="channels"/> samples) to <paramref name="path"/>.</summary>
    public static void Write(string path, ReadOnlySpan<float> interleaved, int sampleRate, int channels = 1, WavSampleFormat format = WavSampleFormat.Pcm16)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        Write(file, interleaved, sampleRate, channels, format);
    }

    /// <summary>Writes a WAV file of <paramref name="interleaved"/> samples to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">A sample count that is not whole frames, or more data than RIFF can hold.</exception>
    public static void Write(Stream destination, ReadOnlySpan<float> interleaved, int sampleRate, int channels = 1, WavSampleFormat format = WavSampleFormat.Pcm16)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, ushort.MaxValue / 4);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        if (interleaved.Length % channels != 0)
            throw new ArgumentException($"{interleaved.Length} samples is not a whole number of {channels}-channel frames.", nameof(interleaved));
        int bytesPerSample = format == WavSampleFormat.Pcm16 ? 2 : 4;
        long dataBytes = (long)interleaved.Length * bytesPerSample;
        if (dataBytes > MaxDataBytes)
            throw new ArgumentException($"{dataBytes} bytes of samples exceed what a RIFF WAV file can hold.", nameof(interleaved));

        Span<byte> header = stackalloc byte[44];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)(36 + dataBytes));
        "WAVEfmt "u8.CopyTo(header[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], (ushort)(format == WavSampleFormat.Pcm16 ? WavFormatTags.Pcm : WavFormatTags.IeeeFloat));
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], (uint)(sampleRate * channels * bytesPerSample));
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], (ushort)(channels * bytesPerSample));
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], (ushort)(8 * bytesPerSample));
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], (uint)dataBytes);
        destination.Write(header);

        Span<byte> block = stackalloc byte[4096];
        int perBlock = block.Length / bytesPerSample;
        for (int start = 0; start < interleaved.Length; start += perBlock)
        {
            var samples = interleaved.Slice(start, Math.Min(perBlock, interleaved.Length - start));
            for (int i = 0; i < samples.Length; i++)
            {
                if (format == WavSampleFormat.Pcm16)
                    BinaryPrimitives.WriteInt16LittleEndian(block[(2 * i)..], ToInt16(samples[i]));
                else
                    BinaryPrimitives.WriteSingleLittleEndian(block[(4 * i)..], samples[i]);
            }
            destination.Write(block[..(samples.Length * bytesPerSample)]);
        }
    }

    /// <summary>Scale by 32768 (the reader's inverse, so 16-bit audio round-trips exactly), round, clamp; NaN becomes 0.</summary>
    internal static short ToInt16(float sample) =>
        float.IsNaN(sample) ? (short)0 : (short)Math.Clamp(MathF.Round(sample * 32768f), short.MinValue, short.MaxValue);
}
