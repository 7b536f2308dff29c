namespace VoiceFlow.Whisper.Model;

/// <summary>The parts of one encoder window that <see cref="EncoderStageTimes"/> times separately.</summary>
internal enum EncoderStage
{
    /// <summary>Mel transpose, both convolutions with GELU.</summary>
    ConvStem,

    /// <summary>Layer norms, residual adds, positional embedding, ln_post.</summary>
    NormsAndResiduals,

    /// <summary>Query, key and value products.</summary>
    AttentionProjections,

    /// <summary>f16 rounding and packing of Q, K, V; scores, softmax, product with V.</summary>
    Attention,

    /// <summary>The attention output product.</summary>
    AttentionOutput,

    /// <summary>Both MLP products with GELU.</summary>
    Mlp,

    /// <summary>The decoder's cross-attention keys and values of this window.</summary>
    CrossKeysValues,
}

/// <summary>Wall time per <see cref="EncoderStage"/> of the windows an encoder runs while it is set (<see cref="WhisperEncoder.StageTimes"/>).</summary>
internal sealed class EncoderStageTimes : StageTimes<EncoderStage>;
