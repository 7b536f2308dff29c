using VoiceFlow.Core.Errors;

namespace VoiceFlow.Whisper.Ggml;

/// <summary>
/// The tensors a Whisper model must contain, with shapes (ggml order) derived from its
/// hyper-parameters; a missing, extra or mis-shaped tensor is a format error.
/// </summary>
internal static class WhisperTensorShapes
{
    private enum Kind
    {
        /// <summary>Must be f32 (biases, norms, positional embeddings).</summary>
        F32,

        /// <summary>f32 or f16 (convolution kernels).</summary>
        Float,

        /// <summary>Any supported type (matrices).</summary>
        Any,
    }

    public static void Validate(GgmlModelFile file)
    {
        var hp = file.HyperParameters;
        int s = hp.NAudioState;
        var expected = new Dictionary<string, (long[] Ne, Kind Kind)>(StringComparer.Ordinal)
        {
            ["encoder.positional_embedding"] = ([s, hp.NAudioCtx], Kind.F32),
            ["encoder.conv1.weight"] = ([3, hp.NMels, s], Kind.Float),
            ["encoder.conv1.bias"] = ([1, s], Kind.F32),
            ["encoder.conv2.weight"] = ([3, s, s], Kind.Float),
            ["encoder.conv2.bias"] = ([1, s], Kind.F32),
            ["encoder.ln_post.weight"] = ([s], Kind.F32),
            ["encoder.ln_post.bias"] = ([s], Kind.F32),
            ["decoder.positional_embedding"] = ([s, hp.NTextCtx], Kind.F32),
            ["decoder.token_embedding.weight"] = ([s, hp.NVocab], Kind.Any),
            ["decoder.ln.weight"] = ([s], Kind.F32),
            ["decoder.ln.bias"] = ([s], Kind.F32),
        };
        for (int i = 0; i < hp.NAudioLayer; i++)
        {
            AddBlock(expected, $"encoder.blocks.{i}.", s, cross: false);
        }

        for (int i = 0; i < hp.NTextLayer; i++)
        {
            AddBlock(expected, $"decoder.blocks.{i}.", s, cross: true);
        }

        foreach (var tensor in file.Tensors.Values)
        {
            if (!expected.TryGetValue(tensor.Name, out var want))
            {
                throw new ModelFormatException($"unexpected tensor {tensor.Name} in {file.Path}");
            }

            var ne = tensor.Ne;
            bool same = ne[0] == want.Ne[0] && ne[1] == (want.Ne.Length > 1 ? want.Ne[1] : 1) && ne[2] == (want.Ne.Length > 2 ? want.Ne[2] : 1) && ne[3] == 1;
            if (!same)
            {
                throw new ModelFormatException(
                    $"tensor {tensor.Name}: shape [{string.Join(", ", ne)}] differs from the expected [{string.Join(", ", want.Ne)}] in {file.Path}");
            }

            bool typeOk = want.Kind switch
            {
                Kind.F32 => tensor.Type == GgmlType.F32,
                Kind.Float => tensor.Type is GgmlType.F32 or GgmlType.F16,
                _ => true,
            };
            if (!typeOk)
            {
                throw new ModelFormatException($"tensor {tensor.Name}: type {tensor.Type} is not allowed for this tensor in {file.Path}");
            }
        }

        foreach (string name in expected.Keys)
        {
            if (!file.Tensors.ContainsKey(name))
            {
                throw new ModelFormatException($"missing tensor {name} in {file.Path}");
            }
        }
    }

    private static void AddBlock(Dictionary<string, (long[] Ne, Kind Kind)> map, string prefix, int s, bool cross)
    {
        AddAttention(map, prefix + "attn", s);
        map[prefix + "attn_ln.weight"] = ([s], Kind.F32);
        map[prefix + "attn_ln.bias"] = ([s], Kind.F32);
        if (cross)
        {
            AddAttention(map, prefix + "cross_attn", s);
            map[prefix + "cross_attn_ln.weight"] = ([s], Kind.F32);
            map[prefix + "cross_attn_ln.bias"] = ([s], Kind.F32);
        }

        map[prefix + "mlp_ln.weight"] = ([s], Kind.F32);
        map[prefix + "mlp_ln.bias"] = ([s], Kind.F32);
        map[prefix + "mlp.0.weight"] = ([s, 4 * s], Kind.Any);
        map[prefix + "mlp.0.bias"] = ([4 * s], Kind.F32);
        map[prefix + "mlp.2.weight"] = ([4 * s, s], Kind.Any);
        map[prefix + "mlp.2.bias"] = ([s], Kind.F32);
    }

    private static void AddAttention(Dictionary<string, (long[] Ne, Kind Kind)> map, string prefix, int s)
    {
        map[prefix + ".query.weight"] = ([s, s], Kind.Any);
        map[prefix + ".query.bias"] = ([s], Kind.F32);
        map[prefix + ".key.weight"] = ([s, s], Kind.Any);
        map[prefix + ".value.weight"] = ([s, s], Kind.Any);
        map[prefix + ".value.bias"] = ([s], Kind.F32);
        map[prefix + ".out.weight"] = ([s, s], Kind.Any);
        map[prefix + ".out.bias"] = ([s], Kind.F32);
    }
}
