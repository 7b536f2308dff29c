using System.Buffers.Binary;

namespace VoiceFlow.PocketSphinx.Tests.Support;

/// <summary>Reads 16 kHz mono 16-bit PCM test audio: RIFF/WAVE (data chunk found by walking the chunks) or headerless .raw.</summary>
internal static class PcmFile
{
    public static float[] ReadSamples(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var pcm = Path.GetExtension(path).Equals(".raw", StringComparison.OrdinalIgnoreCase) ? bytes.AsSpan() : DataChunk(bytes, path);
        var samples = new float[pcm.Length / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(pcm[(2 * i)..]) / 32768f;
        }

        return samples;
    }

    private static Span<byte> DataChunk(byte[] bytes, string path)
    {
        if (bytes.Length < 12 || BinaryPrimitives.ReadUInt32BigEndian(bytes) != 0x52494646 /* RIFF */)
        {
            throw new InvalidDataException($"{path} is not a RIFF file");
        }

        var offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            var id = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset));
            var size = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 4)), (uint)(bytes.Length - offset - 8));
            if (id == 0x666D7420 /* fmt */)
            {
                var channels = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(offset + 10));
                var rate = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 12));
                var bits = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(offset + 22));
                if (channels != 1 || rate != 16_000 || bits != 16)
                {
                    throw new InvalidDataException($"{path} is {channels} ch {rate} Hz {bits}-bit; tests need 16 kHz mono 16-bit");
                }
            }
            else if (id == 0x64617461 /* data */)
            {
                return bytes.AsSpan(offset + 8, size);
            }

            offset += 8 + size + (size & 1);
        }

        throw new InvalidDataException($"{path} has no data chunk");
    }
}
