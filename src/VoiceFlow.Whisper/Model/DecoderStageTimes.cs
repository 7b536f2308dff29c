namespace VoiceFlow.Whisper.Model;

/// <summary>The parts of one decoder pass that <see cref="DecoderStageTimes"/> times separately.</summary>
internal enum DecoderStage
{
    Embedding,
    SelfAttentionProjections,
    SelfAttention,
    CrossAttentionProjections,
    CrossAttention,
    Mlp,
    Logits,
}

/// <summary>Wall time per <see cref="DecoderStage"/> of the decoder passes of one state (<see cref="DecoderState.StageTimes"/>).</summary>
internal sealed class DecoderStageTimes : StageTimes<DecoderStage>;
