namespace VoiceFlow.Whisper.Ggml;

/// <summary>ggml tensor element types this engine reads (ids as stored in the file).</summary>
public enum GgmlType
{
    F32 = 0,
    F16 = 1,
    Q4_0 = 2,
    Q4_1 = 3,
    Q5_0 = 6,
    Q5_1 = 7,
    Q8_0 = 8,
}

/// <summary>Block layouts of the ggml types (elements per block and bytes per block).</summary>
public static class GgmlTypeInfo
{
    /// <summary>True when <paramref name="id"/> is a type this engine can compute with.</summary>
    public static bool IsSupported(int id) => id is 0 or 1 or 2 or 3 or 6 or 7 or 8;

    /// <summary>Elements per block: 1 for float types, 32 for the quantized ones.</summary>
    public static int BlockElements(GgmlType type) => type is GgmlType.F32 or GgmlType.F16 ? 1 : 32;

    /// <summary>Bytes per block, as in ggml's block_q* structs (fp16 scales, no padding).</summary>
    public static int BlockBytes(GgmlType type) => type switch
    {
        GgmlType.F32 => 4,
        GgmlType.F16 => 2,
        GgmlType.Q4_0 => 2 + 16,
        GgmlType.Q4_1 => 2 + 2 + 16,
        GgmlType.Q5_0 => 2 + 4 + 16,
        GgmlType.Q5_1 => 2 + 2 + 4 + 16,
        GgmlType.Q8_0 => 2 + 32,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unsupported ggml type"),
    };

    /// <summary>Bytes of one row of <paramref name="elements"/> values (must be a whole number of blocks).</summary>
    public static long RowBytes(GgmlType type, long elements) => elements / BlockElements(type) * BlockBytes(type);

    /// <summary>Whether the type is one of the block-quantized formats.</summary>
    public static bool IsQuantized(GgmlType type) => type is not (GgmlType.F32 or GgmlType.F16);
}
