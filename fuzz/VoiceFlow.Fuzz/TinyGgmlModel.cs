using System.Buffers.Binary;
using System.Text;

namespace VoiceFlow.Fuzz;

/// <summary>
/// A valid whisper.cpp ggml model of the smallest shape the loader accepts (state 8, one layer each side,
/// one mel band, a vocabulary of 8): about 12 KB, so a fuzzer can afford to mutate it (the fixtures are MBs).
/// </summary>
internal static class TinyGgmlModel
{
    private const int State = 8;
    private const int AudioContext = 4;
    private const int TextContext = 4;
    private const int Vocabulary = 8;
    private const int Mels = 1;

    public static byte[] Build()
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write(0x67676d6cu);
        foreach (int value in (int[])[Vocabulary, AudioContext, State, 2, 1, TextContext, State, 2, 1, Mels, 0])
            writer.Write(value);
        writer.Write(Mels);
        writer.Write(201);
        for (int i = 0; i < Mels * 201; i++)
            writer.Write(i % 7 == 0 ? 0.5f : 0f);
        string[] tokens = ["!", "a", "b", " the"];
        writer.Write(tokens.Length);
        foreach (string token in tokens)
        {
            writer.Write(Encoding.UTF8.GetByteCount(token));
            writer.Write(Encoding.UTF8.GetBytes(token));
        }

        foreach (var (name, dims) in Tensors())
            WriteTensor(writer, name, dims);
        writer.Flush();
        return stream.ToArray();
    }

    private static IEnumerable<(string Name, int[] Dims)> Tensors()
    {
        const int s = State;
        yield return ("encoder.positional_embedding", [s, AudioContext]);
        yield return ("encoder.conv1.weight", [3, Mels, s]);
        yield return ("encoder.conv1.bias", [1, s]);
        yield return ("encoder.conv2.weight", [3, s, s]);
        yield return ("encoder.conv2.bias", [1, s]);
        foreach (var t in Block("encoder.blocks.0.", cross: false))
            yield return t;
        yield return ("encoder.ln_post.weight", [s]);
        yield return ("encoder.ln_post.bias", [s]);
        yield return ("decoder.positional_embedding", [s, TextContext]);
        yield return ("decoder.token_embedding.weight", [s, Vocabulary]);
        foreach (var t in Block("decoder.blocks.0.", cross: true))
            yield return t;
        yield return ("decoder.ln.weight", [s]);
        yield return ("decoder.ln.bias", [s]);
    }

    private static IEnumerable<(string, int[])> Block(string prefix, bool cross)
    {
        const int s = State;
        foreach (string attention in cross ? (string[])["attn", "cross_attn"] : ["attn"])
        {
            yield return ($"{prefix}{attention}.query.weight", [s, s]);
            yield return ($"{prefix}{attention}.query.bias", [s]);
            yield return ($"{prefix}{attention}.key.weight", [s, s]);
            yield return ($"{prefix}{attention}.value.weight", [s, s]);
            yield return ($"{prefix}{attention}.value.bias", [s]);
            yield return ($"{prefix}{attention}.out.weight", [s, s]);
            yield return ($"{prefix}{attention}.out.bias", [s]);
            yield return ($"{prefix}{attention}_ln.weight", [s]);
            yield return ($"{prefix}{attention}_ln.bias", [s]);
        }

        yield return ($"{prefix}mlp_ln.weight", [s]);
        yield return ($"{prefix}mlp_ln.bias", [s]);
        yield return ($"{prefix}mlp.0.weight", [s, 4 * s]);
        yield return ($"{prefix}mlp.0.bias", [4 * s]);
        yield return ($"{prefix}mlp.2.weight", [4 * s, s]);
        yield return ($"{prefix}mlp.2.bias", [s]);
    }

    /// <summary>n_dims, name length, type (f32), dims, name, data (small distinct values).</summary>
    private static void WriteTensor(BinaryWriter writer, string name, int[] dims)
    {
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        writer.Write(dims.Length);
        writer.Write(nameBytes.Length);
        writer.Write(0);
        foreach (int d in dims)
            writer.Write(d);
        writer.Write(nameBytes);
        int elements = dims.Aggregate(1, (a, b) => a * b);
        var data = new byte[elements * 4];
        for (int i = 0; i < elements; i++)
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * 4), (i % 13) / 64f);
        writer.Write(data);
    }
}
