using VoiceFlow.Whisper.Inference;
using VoiceFlow.Whisper.Kernels;

namespace VoiceFlow.Whisper.Model;

/// <summary>
/// Encoder self-attention, blocked: each head's Kᵀ and V are packed once, then each block of
/// <see cref="FlashAttention.QueryRows"/> query rows of a head is one work item
/// (<see cref="FlashAttention.Block"/>: key blocks, online softmax, output straight into that head's
/// columns). No score row, no ctx × ctx matrix and no per-head copies of Q or the output.
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

    /// <summary>
    /// Computes <c>ws.Attn = softmax(Q Kᵀ / sqrt(d)) V</c> per head (Q, K, V rounded to f16 in place, each head's
    /// columns by the work item that reads them, so the rounding runs on every thread instead of before the loops).
    /// </summary>
    public void Run(EncoderWorkspace ws, int ctx, int state, int heads, int threads)
    {
        _ctx = ctx;
        _state = state;
        _heads = heads;
        _headDim = state / heads;
        _kSize = FlashAttention.PackedKeysSize(ctx, _headDim);
        _vSize = FlashAttention.PackedValuesSize(ctx, _headDim);
        _packedK.Ensure(_kSize * heads);
        _packedV.Ensure(_vSize * heads);
        _pack.K = ws.K;
        _pack.V = ws.V;
        WorkerPool.Shared.Run(_pack, heads * 2, threads);

        _q = ws.Q;
        _out = ws.Attn;
        _chunks = (ctx + FlashAttention.QueryRows - 1) / FlashAttention.QueryRows;
        WorkerPool.Shared.Run(this, heads * _chunks, threads);
    }

    public void Execute(int index)
    {
        int h = index / _chunks;
        int r0 = (index % _chunks) * FlashAttention.QueryRows;
        int rows = Math.Min(FlashAttention.QueryRows, _ctx - r0);
        int hd = _headDim;
        float* scratch = ThreadScratch.B(FlashAttention.ScratchSize(hd));
        long offset = ((long)r0 * _state) + (h * hd);
        RoundHeadColumns(_q + offset, _state, rows, hd);
        FlashAttention.Block(_q + offset, _state, rows, hd, _packedK.Pointer + (h * _kSize), _packedV.Pointer + (h * _vSize), _ctx, 1f / MathF.Sqrt(hd), _out + offset, _state, scratch);
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

    private static void RoundHeadColumns(float* x, int ld, int rows, int cols)
    {
        for (int r = 0; r < rows; r++)
        {
            RoundToHalf.Round(x + ((long)r * ld), x + ((long)r * ld), cols);
        }
    }

    private sealed class PackJob(EncoderAttention owner) : IParallelWork
    {
        public float* K { get; set; }

        public float* V { get; set; }

        public void Execute(int index)
        {
            int h = index / 2;
            int hd = owner._headDim;
            float* src = (index % 2 == 0 ? K : V) + (h * hd);
            RoundHeadColumns(src, owner._state, owner._ctx, hd);
            if (index % 2 == 0)
            {
                FlashAttention.PackKeys(src, owner._state, owner._ctx, hd, owner._packedK.Pointer + (h * owner._kSize));
            }
            else
            {
                FlashAttention.PackValues(src, owner._state, owner._ctx, hd, owner._packedV.Pointer + (h * owner._vSize));
            }
        }
    }
}
