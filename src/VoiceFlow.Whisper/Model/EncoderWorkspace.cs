using VoiceFlow.Whisper.Inference;
using VoiceFlow.Whisper.Kernels;

namespace VoiceFlow.Whisper.Model;

/// <summary>
/// Scratch of one encoder call, reused across calls (pooled by the encoder). The conv stem's
/// buffers overlap the transformer's, which are not live at the same time.
/// </summary>
internal sealed unsafe class EncoderWorkspace : IDisposable
{
    private readonly AlignedBuffer _arena;

    public EncoderWorkspace(WhisperHyperParameters hp)
    {
        long ctx = hp.NAudioCtx, s = hp.NAudioState;
        long block = ctx * s;
        long transformer = 6 * block; // x, h, q, k, v, attn; the MLP's 4·state hidden reuses q..attn
        long conv = block + (2 * ctx * 3 * hp.NMels) + (2 * ctx * s) + (ctx * 3 * s);
        _arena = new AlignedBuffer(Math.Max(transformer, conv) + 64);
        float* p = _arena.Pointer;
        X = p;
        H = p + block;
        Q = p + (2 * block);
        K = p + (3 * block);
        V = p + (4 * block);
        Attn = p + (5 * block);
        Mlp = p + (2 * block);
        // Conv stem: X must stay untouched (conv2 writes it); the rest reuses the transformer space.
        Im2Col1 = p + block;
        Conv1Out = Im2Col1 + (2 * ctx * 3 * hp.NMels);
        Im2Col2 = Conv1Out + (2 * ctx * s);
        Attention = new EncoderAttention(hp);
    }

    public float* X { get; }

    public float* H { get; }

    public float* Q { get; }

    public float* K { get; }

    public float* V { get; }

    public float* Attn { get; }

    public float* Mlp { get; }

    public float* Im2Col1 { get; }

    public float* Conv1Out { get; }

    public float* Im2Col2 { get; }

    public LinearExecutor Linear { get; } = new();

    public EncoderAttention Attention { get; }

    public void Dispose()
    {
        _arena.Dispose();
        Linear.Dispose();
        Attention.Dispose();
    }
}
