using System.Buffers.Binary;

namespace VoiceFlow.Core.Vad.Silero.Onnx;

/// <summary>
/// Reads the parts of an ONNX ModelProto that a known network needs: the main graph with its nodes, attributes,
/// sub-graphs, initializers and input/output names. Field numbers are onnx.proto's. Everything is bounds-checked;
/// a malformed file gives <see cref="InvalidDataException"/>.
/// </summary>
internal static class OnnxModelReader
{
    /// <summary>Deeper nesting than any exported model has; a crafted file cannot exhaust the stack.</summary>
    private const int MaxGraphDepth = 32;

    /// <summary>Most elements of one tensor (Silero's largest has 65 536); a lying shape cannot allocate gigabytes.</summary>
    private const long MaxTensorElements = 1 << 26;

    /// <summary>The main graph of the model in <paramref name="bytes"/>.</summary>
    /// <exception cref="InvalidDataException">Not a readable ONNX model.</exception>
    public static OnnxGraph ReadGraph(ReadOnlySpan<byte> bytes)
    {
        var reader = new ProtoReader(bytes);
        OnnxGraph? graph = null;
        bool sawIrVersion = false;
        while (reader.TryReadKey(out int field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == WireType.Varint:
                    sawIrVersion = true;
                    reader.ReadVarint();
                    break;
                case 7 when wire == WireType.LengthDelimited:
                    graph = ReadGraph(reader.ReadBytes(), 0);
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        if (!sawIrVersion || graph is null)
        {
            throw new InvalidDataException(sawIrVersion ? "the model has no graph" : "not an ONNX model (no IR version)");
        }

        return graph;
    }

    private static OnnxGraph ReadGraph(ReadOnlySpan<byte> bytes, int depth)
    {
        if (depth > MaxGraphDepth)
        {
            throw new InvalidDataException($"graphs nested deeper than {MaxGraphDepth}");
        }

        var graph = new OnnxGraph();
        var reader = new ProtoReader(bytes);
        while (reader.TryReadKey(out int field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == WireType.LengthDelimited:
                    graph.Nodes.Add(ReadNode(reader.ReadBytes(), depth));
                    break;
                case 2 when wire == WireType.LengthDelimited:
                    graph.Name = reader.ReadString();
                    break;
                case 5 when wire == WireType.LengthDelimited:
                    graph.Initializers.Add(ReadTensor(reader.ReadBytes()));
                    break;
                case 11 when wire == WireType.LengthDelimited:
                    graph.Inputs.Add(ReadValueInfoName(reader.ReadBytes()));
                    break;
                case 12 when wire == WireType.LengthDelimited:
                    graph.Outputs.Add(ReadValueInfoName(reader.ReadBytes()));
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return graph;
    }

    private static string ReadValueInfoName(ReadOnlySpan<byte> bytes)
    {
        var reader = new ProtoReader(bytes);
        string name = "";
        while (reader.TryReadKey(out int field, out var wire))
        {
            if (field == 1 && wire == WireType.LengthDelimited)
            {
                name = reader.ReadString();
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return name;
    }

    private static OnnxNode ReadNode(ReadOnlySpan<byte> bytes, int depth)
    {
        var node = new OnnxNode();
        var reader = new ProtoReader(bytes);
        while (reader.TryReadKey(out int field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == WireType.LengthDelimited:
                    node.Inputs.Add(reader.ReadString());
                    break;
                case 2 when wire == WireType.LengthDelimited:
                    node.Outputs.Add(reader.ReadString());
                    break;
                case 3 when wire == WireType.LengthDelimited:
                    node.Name = reader.ReadString();
                    break;
                case 4 when wire == WireType.LengthDelimited:
                    node.OpType = reader.ReadString();
                    break;
                case 5 when wire == WireType.LengthDelimited:
                    node.Attributes.Add(ReadAttribute(reader.ReadBytes(), depth));
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return node;
    }

    private static OnnxAttribute ReadAttribute(ReadOnlySpan<byte> bytes, int depth)
    {
        string name = "";
        long? integer = null;
        float? single = null;
        string? text = null;
        OnnxTensor? tensor = null;
        var ints = new List<long>();
        var graphs = new List<OnnxGraph>();
        var reader = new ProtoReader(bytes);
        while (reader.TryReadKey(out int field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == WireType.LengthDelimited:
                    name = reader.ReadString();
                    break;
                case 2 when wire == WireType.Fixed32:
                    single = BitConverter.UInt32BitsToSingle(reader.ReadFixed32());
                    break;
                case 3 when wire == WireType.Varint:
                    integer = (long)reader.ReadVarint();
                    break;
                case 4 when wire == WireType.LengthDelimited:
                    text = reader.ReadString();
                    break;
                case 5 when wire == WireType.LengthDelimited:
                    tensor = ReadTensor(reader.ReadBytes());
                    break;
                case 6 when wire == WireType.LengthDelimited:
                    graphs.Add(ReadGraph(reader.ReadBytes(), depth + 1));
                    break;
                case 8:
                    reader.ReadInt64s(wire, ints);
                    break;
                case 11 when wire == WireType.LengthDelimited:
                    graphs.Add(ReadGraph(reader.ReadBytes(), depth + 1));
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        var attribute = new OnnxAttribute { Name = name, Int = integer, Float = single, Text = text, Tensor = tensor };
        attribute.Ints.AddRange(ints);
        attribute.Graphs.AddRange(graphs);
        return attribute;
    }

    private static OnnxTensor ReadTensor(ReadOnlySpan<byte> bytes)
    {
        var dims = new List<long>();
        int dataType = 0;
        string name = "";
        ReadOnlySpan<byte> raw = default;
        bool hasRaw = false;
        var floats = new List<float>();
        var int64s = new List<long>();
        var reader = new ProtoReader(bytes);
        while (reader.TryReadKey(out int field, out var wire))
        {
            switch (field)
            {
                case 1:
                    reader.ReadInt64s(wire, dims);
                    break;
                case 2 when wire == WireType.Varint:
                    dataType = (int)reader.ReadVarint();
                    break;
                case 4:
                    ReadFloats(ref reader, wire, floats);
                    break;
                case 7:
                    reader.ReadInt64s(wire, int64s);
                    break;
                case 8 when wire == WireType.LengthDelimited:
                    name = reader.ReadString();
                    break;
                case 9 when wire == WireType.LengthDelimited:
                    raw = reader.ReadBytes();
                    hasRaw = true;
                    break;
                case 14 when wire == WireType.Varint:
                    if (reader.ReadVarint() != 0)
                    {
                        throw new InvalidDataException($"tensor {name} keeps its data in an external file, which is not supported");
                    }

                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        long elements = 1;
        foreach (long d in dims)
        {
            if (d < 0 || d > MaxTensorElements || (elements *= d) > MaxTensorElements)
            {
                throw new InvalidDataException($"tensor {name} has an impossible shape [{string.Join(", ", dims)}]");
            }
        }

        float[]? floatData = null;
        long[]? int64Data = null;
        if (dataType == OnnxTensor.Float)
        {
            floatData = hasRaw ? RawFloats(raw, elements, name) : [.. floats];
            CheckCount(floatData.Length, elements, name);
        }
        else if (dataType == OnnxTensor.Int64)
        {
            int64Data = hasRaw ? RawInt64s(raw, elements, name) : [.. int64s];
            CheckCount(int64Data.Length, elements, name);
        }

        return new OnnxTensor(name, dataType, [.. dims], floatData, int64Data);
    }

    private static void ReadFloats(ref ProtoReader reader, WireType wire, List<float> values)
    {
        if (wire == WireType.Fixed32)
        {
            values.Add(BitConverter.UInt32BitsToSingle(reader.ReadFixed32()));
            return;
        }

        if (wire != WireType.LengthDelimited)
        {
            throw new InvalidDataException($"float field with wire type {(int)wire}");
        }

        var packed = reader.ReadBytes();
        if (packed.Length % 4 != 0)
        {
            throw new InvalidDataException("packed floats of a length that is not a multiple of 4");
        }

        for (int i = 0; i < packed.Length; i += 4)
        {
            values.Add(BinaryPrimitives.ReadSingleLittleEndian(packed[i..]));
        }
    }

    private static float[] RawFloats(ReadOnlySpan<byte> raw, long elements, string name)
    {
        CheckCount(raw.Length / 4, elements, name, raw.Length % 4 != 0);
        var values = new float[elements];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(4 * i)..]);
        }

        return values;
    }

    private static long[] RawInt64s(ReadOnlySpan<byte> raw, long elements, string name)
    {
        CheckCount(raw.Length / 8, elements, name, raw.Length % 8 != 0);
        var values = new long[elements];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadInt64LittleEndian(raw[(8 * i)..]);
        }

        return values;
    }

    private static void CheckCount(long actual, long expected, string name, bool ragged = false)
    {
        if (ragged || actual != expected)
        {
            throw new InvalidDataException($"tensor {name} holds {actual} values where its shape needs {expected}");
        }
    }
}
