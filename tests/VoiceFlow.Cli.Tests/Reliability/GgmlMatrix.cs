using System.Buffers.Binary;
using System.Text;

namespace VoiceFlow.Cli.Tests.Reliability;

/// <summary>
/// The bad-input matrix for Whisper model files, made from a real whisper.cpp ggml file: the file cut at
/// every section boundary (and inside every section), wrong magic, absurd hyper-parameters, unknown tensor
/// types, missing, duplicated and overflowing tensors. Offsets come from walking the file, not from a list.
/// </summary>
public static class GgmlMatrix
{
    private const int EngineExit = 5;
    private const int HyperParametersOffset = 4;
    private const int MelOffset = 4 + (11 * 4);

    /// <summary>One tensor record of the file: where its header and data start and end.</summary>
    public readonly record struct TensorSpan(string Name, long HeaderOffset, long DataOffset, long End, int NDims);

    /// <summary>The section boundaries of a ggml file.</summary>
    public sealed record Layout(long VocabularyOffset, long TensorsOffset, IReadOnlyList<TensorSpan> Tensors, long Length);

    /// <summary>Walks <paramref name="model"/> (a valid file) and returns where each section starts.</summary>
    public static Layout Walk(byte[] model)
    {
        ArgumentNullException.ThrowIfNull(model);
        int nMel = Int(model, MelOffset);
        int nFft = Int(model, MelOffset + 4);
        long position = MelOffset + 8 + (4L * nMel * nFft);
        long vocabulary = position;
        int count = Int(model, position);
        position += 4;
        for (int i = 0; i < count; i++)
            position += 4 + Int(model, position);
        long tensorsOffset = position;
        var tensors = new List<TensorSpan>();
        while (position < model.Length)
        {
            int nDims = Int(model, position);
            int nameLength = Int(model, position + 4);
            int type = Int(model, position + 8);
            long dataOffset = position + 12 + (4L * nDims) + nameLength;
            long elements = 1;
            for (int d = 0; d < nDims; d++)
                elements *= Int(model, position + 12 + (4 * d));
            string name = Encoding.UTF8.GetString(model, (int)(dataOffset - nameLength), nameLength);
            long end = dataOffset + ByteCount(type, elements);
            tensors.Add(new TensorSpan(name, position, dataOffset, end, nDims));
            position = end;
        }

        return new Layout(vocabulary, tensorsOffset, tensors, model.Length);
    }

    /// <summary>
    /// Every place to cut the file, with the fragment the error must contain: inside the header, at and inside
    /// the mel filters and the vocabulary, and for each tensor at its header, inside its header, at its data
    /// and inside its data. Sorted from the longest cut to the shortest, so one copy can be shortened in turn.
    /// </summary>
    public static IReadOnlyList<(long Length, string Cause)> Truncations(Layout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var cuts = new List<(long, string)>
        {
            (0, "too small for a ggml header"),
            (3, "too small for a ggml header"),
            (MelOffset - 1, "too small for a ggml header"),
            (MelOffset, "mel filters n_mel"),
            (MelOffset + 6, "mel filters n_fft"),
            (MelOffset + 8, "mel filters data"),
            (layout.VocabularyOffset - 2, "mel filters data"),
            (layout.VocabularyOffset, "vocabulary count"),
            (layout.VocabularyOffset + 4, "vocabulary"),
            ((layout.VocabularyOffset + layout.TensorsOffset) / 2, "vocabulary"),
            (layout.TensorsOffset - 1, "vocabulary token"),
        };
        foreach (var t in layout.Tensors)
        {
            // Cut exactly before a tensor: what is there parses, the rest is missing.
            cuts.Add((t.HeaderOffset, "missing tensor"));
            cuts.Add((t.HeaderOffset + 6, "tensor header at offset"));
            cuts.Add((t.DataOffset - 1, "tensor header at offset"));
            cuts.Add((t.DataOffset, $"tensor {t.Name}: data ends past end of file"));
            cuts.Add(((t.DataOffset + t.End) / 2, $"tensor {t.Name}: data ends past end of file"));
        }

        return [.. cuts.DistinctBy(c => c.Item1).OrderByDescending(c => c.Item1)];
    }

    /// <summary>Writes the structural cases (all but plain truncation) made from <paramref name="model"/> into <paramref name="folder"/>.</summary>
    public static IReadOnlyList<BadInputCase> Write(string folder, byte[] model)
    {
        var layout = Walk(model);
        var cases = new List<BadInputCase>();
        void Bad(string name, byte[] bytes, string cause, bool claimsMore = false)
        {
            string path = Path.Combine(folder, name + ".bin");
            File.WriteAllBytes(path, bytes);
            cases.Add(new BadInputCase(name, path, EngineExit, cause, claimsMore));
        }

        var third = layout.Tensors[3];
        var last = layout.Tensors[^1];
        Bad("empty", [], "too small for a ggml header");
        Bad("wrong-magic", Patch(model, 0, 0x12345678), "bad magic 0x12345678");
        Bad("gguf-magic", Patch(model, 0, 0x46554747), "bad magic 0x46554747");
        Bad("n_vocab-int-max", Patch(model, HyperParametersOffset, int.MaxValue), "n_vocab = 2147483647 is outside", claimsMore: true);
        Bad("n_audio_ctx-negative", Patch(model, HyperParametersOffset + 4, -1), "n_audio_ctx = -1 is outside");
        Bad("n_audio_state-2^30", Patch(model, HyperParametersOffset + 8, 1 << 30), "n_audio_state = 1073741824 is outside", claimsMore: true);
        Bad("n_audio_head-zero", Patch(model, HyperParametersOffset + 12, 0), "n_audio_head = 0 is outside");
        Bad("n_text_layer-1000", Patch(model, HyperParametersOffset + 32, 1000), "n_text_layer = 1000 is outside");
        Bad("n_mels-zero", Patch(model, HyperParametersOffset + 36, 0), "n_mels = 0 is outside");
        Bad("ftype-negative", Patch(model, HyperParametersOffset + 40, -1), "ftype -1");
        Bad("mel-n_fft-huge", Patch(model, MelOffset + 4, int.MaxValue), "mel filters n_fft 2147483647", claimsMore: true);
        Bad("vocabulary-count-int-max", Patch(model, layout.VocabularyOffset, int.MaxValue), "vocabulary count 2147483647", claimsMore: true);
        Bad("vocabulary-token-length-4GB", Patch(model, layout.VocabularyOffset + 4, -1), "vocabulary token 0: length 4294967295", claimsMore: true);
        Bad("tensor-type-unknown-17", Patch(model, third.HeaderOffset + 8, 17), "unknown tensor type 17");
        Bad("tensor-type-removed-q4_2", Patch(model, third.HeaderOffset + 8, 4), "unknown tensor type 4");
        Bad("tensor-n_dims-zero", Patch(model, third.HeaderOffset, 0), "n_dims 0 is outside");
        Bad("tensor-name-length-2^30", Patch(model, third.HeaderOffset + 4, 1 << 30), "name length 1073741824 is outside", claimsMore: true);
        Bad("tensor-dim-negative", Patch(model, third.HeaderOffset + 12, -3), "dim 0 = -3 is outside");
        Bad("tensor-size-overflows-64-bits", OverflowingTensor(model, layout), "data ends past end of file", claimsMore: true);
        Bad("tensor-renamed-unexpected", Rename(model, third, 'x'), "unexpected tensor");
        Bad("tensor-missing-last", model[..(int)last.HeaderOffset], "missing tensor");
        Bad("tensor-duplicated", [.. model, .. model.AsSpan((int)last.HeaderOffset, (int)(last.End - last.HeaderOffset))], $"tensor {last.Name}: appears twice");
        Bad("trailing-garbage", [.. model, 1, 2, 3], "tensor header at offset");
        return cases;
    }

    private static int Int(byte[] bytes, long offset) => BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan((int)offset, 4));

    private static byte[] Patch(byte[] model, long offset, int value)
    {
        var copy = (byte[])model.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan((int)offset), value);
        return copy;
    }

    /// <summary>
    /// A 4-d f32 tensor of 2^24 x 2^24 x 16383 x 1 elements: 4 * 2^48 * (2^14 - 1) bytes, which wraps to -2^50 in
    /// 64 bits; a loader multiplying without care moves its cursor 1 PB before the file and reads there.
    /// </summary>
    private static byte[] OverflowingTensor(byte[] model, Layout layout)
    {
        var t = layout.Tensors.First(t => t.NDims == 2 && Int(model, t.HeaderOffset + 8) == 0);
        var copy = (byte[])model.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan((int)t.HeaderOffset), 4);
        // The header grows by two dims; shift the name and the rest of the file right by 8 bytes.
        byte[] header = [.. copy.AsSpan((int)t.HeaderOffset, 12)];
        byte[] dims = new byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(dims, 1 << 24);
        BinaryPrimitives.WriteInt32LittleEndian(dims.AsSpan(4), 1 << 24);
        BinaryPrimitives.WriteInt32LittleEndian(dims.AsSpan(8), (1 << 14) - 1);
        BinaryPrimitives.WriteInt32LittleEndian(dims.AsSpan(12), 1);
        int nameStart = (int)t.HeaderOffset + 12 + (4 * t.NDims);
        return [.. copy.AsSpan(0, (int)t.HeaderOffset), .. header, .. dims, .. copy.AsSpan(nameStart)];
    }

    private static byte[] Rename(byte[] model, TensorSpan tensor, char first)
    {
        var copy = (byte[])model.Clone();
        int nameLength = Int(model, tensor.HeaderOffset + 4);
        copy[(int)(tensor.DataOffset - nameLength)] = (byte)first;
        return copy;
    }

    /// <summary>Bytes of <paramref name="elements"/> values of ggml type <paramref name="type"/> (blocks of 32 for the quantized ones).</summary>
    private static long ByteCount(int type, long elements) => type switch
    {
        0 => elements * 4,
        1 => elements * 2,
        2 => elements / 32 * 18,
        3 => elements / 32 * 20,
        6 => elements / 32 * 22,
        7 => elements / 32 * 24,
        8 => elements / 32 * 34,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a ggml type of the fixtures"),
    };
}
