using System.Buffers.Binary;
using System.Text;

namespace VoiceFlow.Core.Tests.Audio;

/// <summary>Builds WAV files byte by byte, including malformed ones, so that every header case is made in the test.</summary>
internal sealed class WavBuilder
{
    private readonly List<(string Id, byte[] Body)> _chunks = [];
    private readonly Dictionary<int, uint> _declared = [];
    private string _container = "RIFF";
    private uint? _riffSize;

    internal static WavBuilder Standard(WavTestEncoding encoding, int channels, int sampleRate, byte[] data, bool extensible = false, bool rf64 = false)
    {
        var builder = new WavBuilder();
        if (rf64) builder.Rf64(data.Length);
        builder.Fmt(WavTestEncoder.FormatTag(encoding), channels, sampleRate, WavTestEncoder.Bits(encoding), extensible);
        return builder.Chunk("data", data, rf64 ? uint.MaxValue : null);
    }

    internal WavBuilder Container(string id, uint? riffSize = null)
    {
        _container = id;
        _riffSize = riffSize;
        return this;
    }

    /// <summary>RF64: container id, ds64 chunk with the real 64-bit data size (the data chunk then declares 0xFFFFFFFF).</summary>
    internal WavBuilder Rf64(long dataSize)
    {
        _container = "RF64";
        _riffSize = uint.MaxValue;
        var ds64 = new byte[28];
        BinaryPrimitives.WriteInt64LittleEndian(ds64, 0);
        BinaryPrimitives.WriteInt64LittleEndian(ds64.AsSpan(8), dataSize);
        return Chunk("ds64", ds64);
    }

    internal WavBuilder Fmt(int tag, int channels, int sampleRate, int bits, bool extensible = false, int? blockAlign = null)
    {
        var fmt = new byte[extensible ? 40 : 16];
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, (ushort)(extensible ? 0xFFFE : tag));
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(4), (uint)sampleRate);
        int align = blockAlign ?? (channels * bits / 8);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(8), (uint)(sampleRate * align));
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), (ushort)align);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), (ushort)bits);
        if (extensible)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(16), 22);
            BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(18), (ushort)bits);
            // A channel mask that does not match the channel count: readers must not care.
            BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(20), 0x3F);
            var guid = new Guid($"{tag:X8}-0000-0010-8000-00aa00389b71");
            guid.TryWriteBytes(fmt.AsSpan(24));
        }
        return Chunk("fmt ", fmt);
    }

    internal WavBuilder Chunk(string id, byte[] body, uint? declaredSize = null)
    {
        _chunks.Add((id, body));
        if (declaredSize is uint size) _declared[_chunks.Count - 1] = size;
        return this;
    }

    internal byte[] Build()
    {
        using var output = new MemoryStream();
        output.Write(Encoding.ASCII.GetBytes(_container));
        output.Write(new byte[4]);
        output.Write("WAVE"u8);
        for (int i = 0; i < _chunks.Count; i++)
        {
            var (id, body) = _chunks[i];
            output.Write(Encoding.ASCII.GetBytes(id));
            var size = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(size, _declared.TryGetValue(i, out uint declared) ? declared : (uint)body.Length);
            output.Write(size);
            output.Write(body);
            if (body.Length % 2 == 1 && i < _chunks.Count - 1) output.WriteByte(0);
        }
        var bytes = output.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), _riffSize ?? (uint)(bytes.Length - 8));
        return bytes;
    }
}
