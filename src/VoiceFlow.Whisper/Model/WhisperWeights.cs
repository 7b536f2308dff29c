using VoiceFlow.Whisper.Ggml;

namespace VoiceFlow.Whisper.Model;

/// <summary>A layer-norm's f32 weight and bias, pointing into the mapped file.</summary>
internal readonly unsafe struct NormWeights(GgmlModelFile file, string prefix)
{
    public float* Weight { get; } = (float*)file.Tensor(prefix + ".weight").Data;

    public float* Bias { get; } = (float*)file.Tensor(prefix + ".bias").Data;
}

/// <summary>Query/key/value/output projections of one attention (the key has no bias).</summary>
internal sealed class AttentionWeights(GgmlModelFile file, string prefix)
{
    public LinearLayer Query { get; } = new(file.Tensor(prefix + ".query.weight"), file.Tensor(prefix + ".query.bias"));

    public LinearLayer Key { get; } = new(file.Tensor(prefix + ".key.weight"), null);

    public LinearLayer Value { get; } = new(file.Tensor(prefix + ".value.weight"), file.Tensor(prefix + ".value.bias"));

    public LinearLayer Out { get; } = new(file.Tensor(prefix + ".out.weight"), file.Tensor(prefix + ".out.bias"));
}

/// <summary>One transformer block (encoder blocks have no cross-attention).</summary>
internal sealed class BlockWeights
{
    public BlockWeights(GgmlModelFile file, string prefix, bool cross)
    {
        AttnNorm = new NormWeights(file, prefix + "attn_ln");
        Attn = new AttentionWeights(file, prefix + "attn");
        if (cross)
        {
            CrossNorm = new NormWeights(file, prefix + "cross_attn_ln");
            Cross = new AttentionWeights(file, prefix + "cross_attn");
        }

        MlpNorm = new NormWeights(file, prefix + "mlp_ln");
        Mlp0 = new LinearLayer(file.Tensor(prefix + "mlp.0.weight"), file.Tensor(prefix + "mlp.0.bias"));
        Mlp2 = new LinearLayer(file.Tensor(prefix + "mlp.2.weight"), file.Tensor(prefix + "mlp.2.bias"));
    }

    public NormWeights AttnNorm { get; }

    public AttentionWeights Attn { get; }

    public NormWeights CrossNorm { get; }

    public AttentionWeights? Cross { get; }

    public NormWeights MlpNorm { get; }

    public LinearLayer Mlp0 { get; }

    public LinearLayer Mlp2 { get; }
}
