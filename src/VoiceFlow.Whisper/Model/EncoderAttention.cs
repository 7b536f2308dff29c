using VoiceFlow.Whisper.Inference;
using VoiceFlow.Whisper.Kernels;

namespace VoiceFlow.Whisper.Model;

/// <summary>
/// Encoder self-attention, blocked: each head's Kᵀ and V are packed once, then blocks of 72 query
/// rows compute scores (72 × ctx, per-thread scratch), softmax, and the product with V straight
/// into the output columns of that head. No ctx × ctx matrix and no per-head copies of Q or the output.
/// </summary>
internal sealed unsafe class EncoderAttention : IParallelWork, IDisposable
{
    private readonly AlignedBuffer _packedK = new();
    private readonly AlignedBuffer _packedV = new();
    private readonly PackJob _pack;
    private int _ctx;
    private int _state;
    private int _heads;
    private int _headDim;
    private int _chunks;
    private long _kSize;
    private long _vSize;
    private float* _q;
    private float* _out;

    public EncoderAttention(WhisperHyperParameters hp)
    {
        _ = hp;
        _pack = new PackJob(this);
    }

    /// <summary>Computes <c>ws.Attn = softmax(Q Kᵀ / sqrt(d)) V</c> per head (Q, K, V rounded to f16 in place).</summary>
    public void Run(EncoderWorkspace ws, int ctx, int state, int heads, int threads)
    {
        _ctx = ctx;
        _state = state;
        _heads = heads;
        _headDim = state / heads;
        long n = (long)ctx * state;
        RoundToHalf.Round(ws.Q, ws.Q, (int)n);
        RoundToHalf.Round(ws.K, ws.K, (int)n);
        RoundToHalf.Round(ws.V, ws.V, (int)n);
        _kSize = PackedGemm.PackedBSize(ctx, _headDim);
        _vSize = PackedGemm.PackedBSize(_headDim, ctx);
        _packedK.Ensure(_kSize * heads);
        _packedV.Ensure(_vSize * heads);
        _pack.K = ws.K;
        _pack.V = ws.V;
        WorkerPool.Shared.Run(_pack, heads * 2, threads);

        _q = ws.Q;
        _out = ws.Attn;
        _chunks = (ctx + PackedGemm.MC - 1) / PackedGemm.MC;
        WorkerPool.Shared.Run(this, heads * _chunks, threads);
    }

    public void Execute(int index)
    {
        int h = index / _chunks;
        int r0 = (index % _chunks) * PackedGemm.MC;
        int rows = Math.Min(PackedGemm.MC, _ctx - r0);
        float* scores = ThreadScratch.B((long)PackedGemm.MC * _ctx);
        float* aScratch = ThreadScratch.A(PackedGemm.AScratchSize);
        int hd = _headDim;
        PackedGemm.Multiply(_q + ((long)r0 * _state) + (h * hd), _state, rows, hd, _packedK.Pointer + (h * _kSize), _ctx, scores, _ctx, aScratch);
        float scale = 1f / MathF.Sqrt(hd);
        for (int r = 0; r < rows; r++)
        {
            FusedSoftmax.Apply(scores + ((long)r * _ctx), _ctx, scale, roundToHalf: true);
        }

        PackedGemm.Multiply(scores, _ctx, rows, _ctx, _packedV.Pointer + (h * _vSize), hd, _out + ((long)r0 * _state) + (h * hd), _state, aScratch);
    }

    /// <summary>Returns the packed keys and values (≈ 4.6 MB for tiny) once the last layer's attention has run.</summary>
    public void ReleasePacking()
    {
        _packedK.Release();
        _packedV.Release();
    }

    public void Dispose()
    {
        _packedK.Dispose();
        _packedV.Dispose();
    }

    private sealed class PackJob(EncoderAttention owner) : IParallelWork
    {
        public float* K { get; set; }

        public float* V { get; set; }

        public void Execute(int index)
        {
            int h = index / 2;
            int hd = owner._headDim;
            if (index % 2 == 0)
            {
                // Kᵀ: B(k = d, n = j) = K[j][h·hd + d]
                float* dst = owner._packedK.Pointer + (h * owner._kSize);
                for (int p = 0; p < PackedGemm.PanelCount(owner._ctx); p++)
                {
                    PackedGemm.PackB(K + (h * hd), owner._state, 1, owner._ctx, hd, p, dst);
                }
            }
            else
            {
                // V: B(k = j, n = d) = V[j][h·hd + d]
                float* dst = owner._packedV.Pointer + (h * owner._vSize);
                for (int p = 0; p < PackedGemm.PanelCount(hd); p++)
                {
                    PackedGemm.PackB(V + (h * hd), 1, owner._state, hd, owner._ctx, p, dst);
                }
            }
        }
    }
}
