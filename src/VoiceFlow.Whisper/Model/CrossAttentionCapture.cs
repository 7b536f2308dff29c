using VoiceFlow.Whisper.Inference;
using VoiceFlow.Whisper.Kernels;

namespace VoiceFlow.Whisper.Model;

/// <summary>
/// Collects the cross-attention scores (query·key, before the softmax) of chosen heads during one decoder pass, into
/// <c>[head][token][audio ctx]</c>. Only the alignment pass for word timestamps creates one; decoding passes none.
/// </summary>
internal sealed unsafe class CrossAttentionCapture(IReadOnlyList<AlignmentHead> heads, float[] scores, int tokens)
{
    /// <summary>Called per layer with that layer's scaled, f16-rounded queries <c>[tokens][state]</c> and f16 keys <c>[head][ctx][head_dim]</c>.</summary>
    public void Capture(int layer, float* q, int n, ushort* keys, int context, int state, int headDim)
    {
        for (int k = 0; k < heads.Count; k++)
        {
            if (heads[k].Layer != layer)
            {
                continue;
            }

            int h = heads[k].Head;
            fixed (float* output = scores)
            {
                for (int t = 0; t < n; t++)
                {
                    float* row = output + ((((long)k * tokens) + t) * context);
                    AttentionF16.Scores(keys + ((long)h * context * headDim), headDim, context, q + ((long)t * state) + (h * headDim), headDim, row);
                }
            }
        }
    }
}
