namespace VoiceFlow.Core.Vad.Silero.Onnx;

/// <summary>A tensor from an ONNX file: float32 or int64 data with its dimensions (other types keep only their shape).</summary>
internal sealed record OnnxTensor(string Name, int DataType, long[] Dimensions, float[]? Floats, long[]? Int64s)
{
    /// <summary>ONNX's FLOAT.</summary>
    public const int Float = 1;

    /// <summary>ONNX's INT64.</summary>
    public const int Int64 = 7;

    /// <summary>The dimensions as text, e.g. [128, 129, 3].</summary>
    public string Shape => "[" + string.Join(", ", Dimensions) + "]";
}

/// <summary>An attribute of a node: the kinds Silero's graph uses (int, float, string, tensor, ints, sub-graphs).</summary>
internal sealed class OnnxAttribute
{
    public required string Name { get; init; }

    public long? Int { get; set; }

    public float? Float { get; set; }

    public string? Text { get; set; }

    public OnnxTensor? Tensor { get; set; }

    public List<long> Ints { get; } = [];

    public List<OnnxGraph> Graphs { get; } = [];
}

/// <summary>One operation of a graph.</summary>
internal sealed class OnnxNode
{
    public string OpType { get; set; } = "";

    public string Name { get; set; } = "";

    public List<string> Inputs { get; } = [];

    public List<string> Outputs { get; } = [];

    public List<OnnxAttribute> Attributes { get; } = [];
}

/// <summary>A graph (the model's main graph or a branch of an If): its nodes, initializers and interface names.</summary>
internal sealed class OnnxGraph
{
    public string Name { get; set; } = "";

    public List<OnnxNode> Nodes { get; } = [];

    public List<OnnxTensor> Initializers { get; } = [];

    public List<string> Inputs { get; } = [];

    public List<string> Outputs { get; } = [];

    /// <summary>This graph and every sub-graph of its nodes' attributes, depth first.</summary>
    public IEnumerable<OnnxGraph> SelfAndSubgraphs()
    {
        yield return this;
        foreach (var node in Nodes)
        {
            foreach (var attribute in node.Attributes)
            {
                foreach (var graph in attribute.Graphs)
                {
                    foreach (var inner in graph.SelfAndSubgraphs())
                    {
                        yield return inner;
                    }
                }
            }
        }
    }

    /// <summary>The named tensors this graph itself holds: initializers and the values of its Constant nodes.</summary>
    public IEnumerable<OnnxTensor> OwnTensors()
    {
        foreach (var tensor in Initializers)
        {
            yield return tensor;
        }

        foreach (var node in Nodes)
        {
            if (node.OpType == "Constant" && node.Attributes.Find(a => a.Name == "value")?.Tensor is { } value)
            {
                yield return value.Name.Length > 0 || node.Outputs.Count == 0 ? value : value with { Name = node.Outputs[0] };
            }
        }
    }
}
