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
    private readonly AlignedBuffer _crossScratch = new();

    public EncoderWorkspace(WhisperHyperParameters hp)
    {
        long ctx = hp.NAudioCtx, s = hp.NAudioState;
        long block = ctx * s;
        long transformer = 6 * block; // x, h, q, k, v, attn; the MLP's 4·state hidden reuses q..attn
        long conv = block + (((2 * ctx) + 2) * (hp.NMels + s));
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
        MelT = p + block;
        Conv1Out = MelT + (((2 * ctx) + 2) * hp.NMels);
        Attention = new EncoderAttention(hp);
    }

    public float* X { get; }

    public float* H { get; }

    public float* Q { get; }

    public float* K { get; }

    public float* V { get; }

    public float* Attn { get; }

    public float* Mlp { get; }

    /// <summary>The mel window time-major, <c>[2·ctx + 2][n_mels]</c> with a zero row at each end.</summary>
    public float* MelT { get; }

    /// <summary>conv1 + GELU output time-major, <c>[2·ctx + 2][state]</c> with a zero row at each end.</summary>
    public float* Conv1Out { get; }

    public LinearExecutor Linear { get; } = new();

    public EncoderAttention Attention { get; }

    /// <summary>
    /// Frees what only the transformer blocks need (attention's packed keys and values, the MLP's packed weights)
    /// before the cross keys and values are written: that stage is the encoder's memory peak.
    /// </summary>
    public void ReleaseTransformerPacking()
    {
        Attention.ReleasePacking();
        Linear.ReleasePacking();
    }

    /// <summary>
    /// Frees the transformer's arena too (≈ 14 MB for tiny) before the cross keys and values are faulted in. The
    /// workspace can then only run <see cref="CrossScratch"/> products: for a workspace disposed after this window.
    /// </summary>
    public void ReleaseTransformerMemory()
    {
        ReleaseTransformerPacking();
        _arena.Release();
    }

    /// <summary>
    /// Rows at a time of the cross keys and values: whole blocks of <see cref="PackedGemm.MC"/> rows, so every
    /// block is computed exactly as in one product over the window.
    /// </summary>
    public const int CrossChunkRows = 5 * PackedGemm.MC;

    /// <summary>Input and output rows of one chunk of the cross keys and values, <c>2 × CrossChunkRows × state</c>.</summary>
    public float* CrossScratch(int state) => _crossScratch.Ensure(2L * CrossChunkRows * state);

    public void Dispose()
    {
        _arena.Dispose();
        _crossScratch.Dispose();
        Linear.Dispose();
        Attention.Dispose();
    }
}
