using System.Buffers.Binary;
using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Corpus;

/// <summary>
/// Reads the one format the corpus is made of: 16 kHz mono signed 16-bit PCM, as a WAV file or headerless.
/// Deliberately strict (anything else is an error): the general decoder lives in the audio path.
/// </summary>
internal static class Pcm16Wave
{
    private const int HeaderScanLimit = 1 << 20;

    /// <summary>Reads a 16 kHz mono 16-bit PCM WAV file.</summary>
    public static float[] Read(string path)
    {
        byte[] bytes = ReadAll(path);
        var span = bytes.AsSpan();
        if (span.Length < 12 || !span[..4].SequenceEqual("RIFF"u8) || !span.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            throw new AudioFormatException($"{path}: not a RIFF/WAVE file");
        }

        int position = 12;
        bool formatSeen = false;
        while (position + 8 <= span.Length && position < HeaderScanLimit)
        {
            var id = span.Slice(position, 4);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(span.Slice(position + 4, 4));
            int body = position + 8;
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16 || body + 16 > span.Length)
                {
                    throw new AudioFormatException($"{path}: truncated fmt chunk");
                }

                CheckFormat(path, span.Slice(body, 16));
                formatSeen = true;
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (!formatSeen)
                {
                    throw new AudioFormatException($"{path}: data chunk before fmt chunk");
                }

                // Writers that stream (sox to a pipe) leave 0 or 0xFFFFFFFF here: take what the file holds.
                long available = span.Length - body;
                long length = size == 0 || size > available ? available : size;
                return Convert(span.Slice(body, (int)(length & ~1L)));
            }

            position = checked(body + (int)Math.Min(size + (size & 1), int.MaxValue - body));
        }

        throw new AudioFormatException($"{path}: no data chunk");
    }

    /// <summary>Reads headerless signed 16-bit little-endian samples.</summary>
    public static float[] ReadRaw(string path)
    {
        byte[] bytes = ReadAll(path);
        return Convert(bytes.AsSpan(0, bytes.Length & ~1));
    }

    private static void CheckFormat(string path, ReadOnlySpan<byte> fmt)
    {
        int encoding = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        int rate = BinaryPrimitives.ReadInt32LittleEndian(fmt[4..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
        // 0xFFFE is WAVE_FORMAT_EXTENSIBLE, which sox writes for some outputs; the sub-format is PCM for ours.
        if ((encoding != 1 && encoding != 0xFFFE) || channels != 1 || rate != AudioFormat.RecognizerSampleRate || bits != 16)
        {
            throw new AudioFormatException(
                $"{path}: corpus audio must be 16 kHz mono 16-bit PCM, found encoding {encoding}, {channels} channel(s), {rate} Hz, {bits} bit");
        }
    }

    private static byte[] ReadAll(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AudioFormatException($"{path}: cannot read ({ex.Message})", ex);
        }
    }

    private static float[] Convert(ReadOnlySpan<byte> pcm)
    {
        var samples = new float[pcm.Length / 2];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(pcm.Slice(2 * i, 2)) / 32768f;
        }

        return samples;
    }
}
