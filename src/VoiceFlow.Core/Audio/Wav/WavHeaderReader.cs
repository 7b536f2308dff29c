using System.Buffers.Binary;
using System.Text;

namespace VoiceFlow.Core.Audio;

/// <summary>
/// Walks a RIFF/RF64/BW64 WAVE file chunk by chunk up to the data chunk, checking every size against
/// the bytes really present: unknown chunks are skipped, odd-sized chunks have their pad byte skipped,
/// and a data size that is a placeholder (0, 0xFFFFFFFF) or larger than the file means "until the end".
/// </summary>
internal static class WavHeaderReader
{
    private const uint SizePlaceholder = 0xFFFFFFFF;

    /// <summary>fmt chunks are 16 to 40 bytes plus rare extra bytes; anything bigger is not a fmt chunk.</summary>
    private const int MaxFmtSize = 1024;

    /// <summary>True when the first 12 bytes are a RIFF, RF64 or BW64 header of form WAVE.</summary>
    internal static bool IsWave(ReadOnlySpan<byte> header) =>
        header.Length >= 12 && header[8..12].SequenceEqual("WAVE"u8)
        && (header[..4].SequenceEqual("RIFF"u8) || header[..4].SequenceEqual("RF64"u8) || header[..4].SequenceEqual("BW64"u8));

    internal static async ValueTask<WavLayout> ReadAsync(RiffByteReader reader, string sourceName, CancellationToken cancellationToken)
    {
        var header = new byte[12];
        int read = await reader.ReadAsync(header, cancellationToken).ConfigureAwait(false);
        if (read == 0)
            throw WavFormatParser.Error(sourceName, "the file is empty");
        if (!IsWave(header.AsSpan(0, read)))
            throw WavFormatParser.Error(sourceName, $"not a RIFF/WAVE file (it starts with {Printable(header.AsSpan(0, Math.Min(read, 12)))})");
        string container = Encoding.ASCII.GetString(header, 0, 4);
        bool is64 = container != "RIFF";

        var repairs = new List<string>();
        WavFormat? format = null;
        long? ds64DataSize = null;
        var chunkHeader = new byte[8];
        while (await reader.ReadAsync(chunkHeader, cancellationToken).ConfigureAwait(false) == 8)
        {
            var id = chunkHeader.AsSpan(0, 4);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(chunkHeader.AsSpan(4));
            if (id.SequenceEqual("fmt "u8))
            {
                format = await ReadFmtAsync(reader, size, sourceName, cancellationToken).ConfigureAwait(false);
            }
            else if (id.SequenceEqual("ds64"u8))
            {
                ds64DataSize = await ReadDs64Async(reader, size, cancellationToken).ConfigureAwait(false);
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (format is null)
                    throw WavFormatParser.Error(sourceName, "the data chunk comes before any fmt chunk");
                long? declared = is64 && size == SizePlaceholder ? ds64DataSize : size;
                return Data(reader, container, format, declared, repairs);
            }
            else
            {
                await SkipChunkAsync(reader, size, cancellationToken).ConfigureAwait(false);
            }
        }
        throw WavFormatParser.Error(sourceName, format is null ? "no fmt chunk before the end of the file" : "no data chunk before the end of the file");
    }

    private static WavLayout Data(RiffByteReader reader, string container, WavFormat format, long? declared, List<string> repairs)
    {
        long? dataBytes = declared;
        if (declared is null or 0 or SizePlaceholder)
        {
            string field = declared is null ? "missing (no ds64 chunk)" : $"0x{declared:X8}";
            repairs.Add($"data size field is {field}, a streaming writer's placeholder; read to the end of the file");
            declared = null;
            dataBytes = reader.Remaining;
        }
        else if (reader.Remaining is long remaining && declared > remaining)
        {
            repairs.Add($"data size header said {declared} bytes, the file held {remaining}");
            dataBytes = remaining;
        }
        if (dataBytes is long bytes && reader.Remaining is not null && bytes % format.BlockAlign != 0)
        {
            repairs.Add($"dropped a truncated last frame of {bytes % format.BlockAlign} byte(s)");
            dataBytes = bytes - (bytes % format.BlockAlign);
        }
        return new WavLayout(container, format, dataBytes, declared, repairs);
    }

    private static async ValueTask<WavFormat> ReadFmtAsync(RiffByteReader reader, uint size, string sourceName, CancellationToken cancellationToken)
    {
        if (size > MaxFmtSize)
            throw WavFormatParser.Error(sourceName, $"the fmt chunk claims {size} bytes, more than a fmt chunk can hold ({MaxFmtSize})");
        var fmt = new byte[size];
        int read = await reader.ReadAsync(fmt, cancellationToken).ConfigureAwait(false);
        if (read < size)
            throw WavFormatParser.Error(sourceName, $"the fmt chunk is truncated ({read} of {size} bytes)");
        await SkipPadAsync(reader, size, cancellationToken).ConfigureAwait(false);
        return WavFormatParser.Parse(fmt, sourceName);
    }

    /// <summary>Returns the 64-bit data size of an RF64/BW64 ds64 chunk, or null if the chunk is too short to hold it.</summary>
    private static async ValueTask<long?> ReadDs64Async(RiffByteReader reader, uint size, CancellationToken cancellationToken)
    {
        var sizes = new byte[16]; // riffSize (8), dataSize (8); sampleCount and the table follow
        int wanted = (int)Math.Min(size, (uint)sizes.Length);
        int read = await reader.ReadAsync(sizes.AsMemory(0, wanted), cancellationToken).ConfigureAwait(false);
        await SkipChunkAsync(reader, size - (uint)read, cancellationToken, padOf: size).ConfigureAwait(false);
        if (read < 16) return null;
        ulong dataSize = BinaryPrimitives.ReadUInt64LittleEndian(sizes.AsSpan(8));
        return dataSize > long.MaxValue ? null : (long)dataSize;
    }

    private static async ValueTask SkipChunkAsync(RiffByteReader reader, uint size, CancellationToken cancellationToken, uint? padOf = null)
    {
        await reader.SkipAsync(size, cancellationToken).ConfigureAwait(false);
        await SkipPadAsync(reader, padOf ?? size, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>RIFF chunks start on even offsets: an odd-sized chunk is followed by one pad byte.</summary>
    private static async ValueTask SkipPadAsync(RiffByteReader reader, uint size, CancellationToken cancellationToken)
    {
        if ((size & 1) != 0)
            await reader.SkipAsync(1, cancellationToken).ConfigureAwait(false);
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder("\"");
        foreach (byte b in bytes)
            text.Append(b is >= 0x20 and < 0x7F and not (byte)'"' ? (char)b : '.');
        return text.Append('"').ToString();
    }
}
