namespace VoiceFlow.Whisper.Ggml;

/// <summary>
/// One tensor of a memory-mapped ggml file: its name, type, dims in ggml order (ne0 fastest) and
/// a pointer to its data in the mapping. The data stays in its compact type; nothing is copied.
/// </summary>
public sealed unsafe class GgmlTensor
{
    internal GgmlTensor(string name, GgmlType type, long[] ne, long dataOffset, long byteLength, byte* data)
    {
        Name = name;
        Type = type;
        Ne = ne;
        DataOffset = dataOffset;
        ByteLength = byteLength;
        Data = data;
    }

    /// <summary>Tensor name as stored, e.g. <c>encoder.blocks.0.attn.query.weight</c>.</summary>
    public string Name { get; }

    /// <summary>Element type.</summary>
    public GgmlType Type { get; }

    /// <summary>Dims in ggml order (fastest-varying first), always 4 entries (unused ones are 1).</summary>
    public IReadOnlyList<long> Ne { get; }

    /// <summary>Byte offset of the data in the file.</summary>
    public long DataOffset { get; }

    /// <summary>Size of the data in bytes.</summary>
    public long ByteLength { get; }

    /// <summary>Pointer to the first byte of the data inside the mapping (valid while the file is open).</summary>
    internal byte* Data { get; }

    /// <summary>Number of elements.</summary>
    public long ElementCount => Ne[0] * Ne[1] * Ne[2] * Ne[3];

    /// <summary>Row length (ne0).</summary>
    public int Columns => (int)Ne[0];

    /// <summary>Rows (ne1 * ne2 * ne3).</summary>
    public int Rows => (int)(Ne[1] * Ne[2] * Ne[3]);

    /// <summary>The raw bytes (for checksums and tests).</summary>
    public ReadOnlySpan<byte> Bytes => new(Data, checked((int)ByteLength));

    /// <summary>The data as f32 values; only for <see cref="GgmlType.F32"/> tensors.</summary>
    public ReadOnlySpan<float> AsFloats()
    {
        if (Type != GgmlType.F32)
        {
            throw new InvalidOperationException($"tensor {Name} is {Type}, not F32");
        }

        return new ReadOnlySpan<float>(Data, checked((int)(ByteLength / 4)));
    }
}
