using System.Text;

namespace VoiceFlow.Core.Tests.Vad.Silero;

/// <summary>Builds small ONNX files in protobuf's wire format, to test how the loader treats models that are not Silero's.</summary>
internal static class OnnxTestWriter
{
    public static byte[] Model(byte[] graph) => [.. Varint(1 << 3), .. Varint(8), .. Field(7, graph)];

    public static byte[] Graph(string[] inputs, string[] outputs, params byte[][] nodes)
    {
        var bytes = new List<byte>();
        foreach (var node in nodes)
        {
            bytes.AddRange(Field(1, node));
        }

        foreach (string input in inputs)
        {
            bytes.AddRange(Field(11, Field(1, Encoding.UTF8.GetBytes(input))));
        }

        foreach (string output in outputs)
        {
            bytes.AddRange(Field(12, Field(1, Encoding.UTF8.GetBytes(output))));
        }

        return [.. bytes];
    }

    /// <summary>A Constant node whose value is a float tensor named <paramref name="name"/>.</summary>
    public static byte[] Constant(string name, long[] dims, float fill = 0.1f)
    {
        long count = dims.Aggregate(1L, (a, d) => a * d);
        var raw = new byte[count * 4];
        for (long i = 0; i < count; i++)
        {
            BitConverter.TryWriteBytes(raw.AsSpan((int)(i * 4)), fill);
        }

        var tensor = new List<byte>();
        foreach (long d in dims)
        {
            tensor.AddRange(Varint(1 << 3));
            tensor.AddRange(Varint((ulong)d));
        }

        tensor.AddRange(Varint(2 << 3));
        tensor.AddRange(Varint(1));
        tensor.AddRange(Field(8, Encoding.UTF8.GetBytes(name)));
        tensor.AddRange(Field(9, raw));
        byte[] attribute = [.. Field(1, Encoding.UTF8.GetBytes("value")), .. Field(5, [.. tensor])];
        return [.. Field(2, Encoding.UTF8.GetBytes(name + "_out")), .. Field(4, Encoding.UTF8.GetBytes("Constant")), .. Field(5, attribute)];
    }

    /// <summary>Every constant of a 16 kHz Silero network, with the shapes the loader expects except where <paramref name="replace"/> says.</summary>
    public static byte[][] SileroConstants(Dictionary<string, long[]>? replace = null)
    {
        var shapes = new Dictionary<string, long[]>
        {
            ["stft.forward_basis_buffer"] = [258, 1, 256],
            ["encoder.0.reparam_conv.weight"] = [128, 129, 3], ["encoder.0.reparam_conv.bias"] = [128],
            ["encoder.1.reparam_conv.weight"] = [64, 128, 3], ["encoder.1.reparam_conv.bias"] = [64],
            ["encoder.2.reparam_conv.weight"] = [64, 64, 3], ["encoder.2.reparam_conv.bias"] = [64],
            ["encoder.3.reparam_conv.weight"] = [128, 64, 3], ["encoder.3.reparam_conv.bias"] = [128],
            ["decoder.rnn.weight_ih"] = [512, 128], ["decoder.rnn.weight_hh"] = [512, 128],
            ["decoder.rnn.bias_ih"] = [512], ["decoder.rnn.bias_hh"] = [512],
            ["decoder.decoder.2.weight"] = [1, 128, 1], ["decoder.decoder.2.bias"] = [1],
        };
        foreach (var (name, shape) in replace ?? [])
        {
            if (shape.Length == 0)
            {
                shapes.Remove(name);
            }
            else
            {
                shapes[name] = shape;
            }
        }

        return [.. shapes.Select(s => Constant(s.Key, s.Value))];
    }

    private static byte[] Field(int number, byte[] payload) => [.. Varint((ulong)(number << 3 | 2)), .. Varint((ulong)payload.Length), .. payload];

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }
}
