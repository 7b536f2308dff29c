namespace VoiceFlow.Core.Vad.Silero.Onnx;

/// <summary>The protobuf wire types an ONNX file uses.</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    Fixed32 = 5,
}

/// <summary>
/// A bounds-checked reader of protobuf's wire format over bytes in memory: enough to walk the few ONNX messages
/// Silero needs without generated code. Every read checks the remaining length, so a truncated or corrupt file ends
/// in <see cref="InvalidDataException"/> (turned into a message naming the file by the caller), never in an
/// out-of-range read or a huge allocation.
/// </summary>
internal ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    /// <summary>Whether every byte was read.</summary>
    public readonly bool AtEnd => _position >= _data.Length;

    /// <summary>Reads the next field's key; false at the end of the message.</summary>
    public bool TryReadKey(out int field, out WireType wireType)
    {
        if (AtEnd)
        {
            field = 0;
            wireType = default;
            return false;
        }

        ulong key = ReadVarint();
        field = (int)(key >> 3);
        wireType = (WireType)(key & 7);
        if (field <= 0 || wireType is not (WireType.Varint or WireType.Fixed64 or WireType.LengthDelimited or WireType.Fixed32))
        {
            throw new InvalidDataException($"bad protobuf key {key} at byte {_position}");
        }

        return true;
    }

    /// <summary>A base-128 varint (at most 10 bytes).</summary>
    public ulong ReadVarint()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw new InvalidDataException("truncated varint");
            }

            byte b = _data[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("varint longer than 10 bytes");
    }

    /// <summary>A length-delimited field's bytes (a sub-message, string, bytes or packed array).</summary>
    public ReadOnlySpan<byte> ReadBytes()
    {
        ulong length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
        {
            throw new InvalidDataException($"field of {length} bytes runs past the end ({_data.Length - _position} left)");
        }

        var bytes = _data.Slice(_position, (int)length);
        _position += (int)length;
        return bytes;
    }

    /// <summary>A length-delimited field as UTF-8 text.</summary>
    public string ReadString() => System.Text.Encoding.UTF8.GetString(ReadBytes());

    /// <summary>Four little-endian bytes.</summary>
    public uint ReadFixed32()
    {
        if (_data.Length - _position < 4)
        {
            throw new InvalidDataException("truncated fixed32");
        }

        uint value = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(_data[_position..]);
        _position += 4;
        return value;
    }

    /// <summary>Eight little-endian bytes.</summary>
    public ulong ReadFixed64()
    {
        if (_data.Length - _position < 8)
        {
            throw new InvalidDataException("truncated fixed64");
        }

        ulong value = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(_data[_position..]);
        _position += 8;
        return value;
    }

    /// <summary>Skips a field this reader does not need.</summary>
    public void Skip(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                ReadFixed64();
                break;
            case WireType.LengthDelimited:
                ReadBytes();
                break;
            case WireType.Fixed32:
                ReadFixed32();
                break;
            default:
                throw new InvalidDataException($"unknown wire type {(int)wireType}");
        }
    }

    /// <summary>Appends a repeated int64 field, packed or not, to <paramref name="values"/>.</summary>
    public void ReadInt64s(WireType wireType, List<long> values)
    {
        if (wireType == WireType.Varint)
        {
            values.Add((long)ReadVarint());
            return;
        }

        if (wireType != WireType.LengthDelimited)
        {
            throw new InvalidDataException($"int64 field with wire type {(int)wireType}");
        }

        var packed = new ProtoReader(ReadBytes());
        while (!packed.AtEnd)
        {
            values.Add((long)packed.ReadVarint());
        }
    }
}
