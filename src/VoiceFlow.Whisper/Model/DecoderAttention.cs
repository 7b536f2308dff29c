using VoiceFlow.Whisper.Kernels;

namespace VoiceFlow.Whisper.Model;

/// <summary>
/// Attention of a few query tokens over an f16 key/value store (the self-attention cache, causal,
/// or the cross-attention keys/values, full), one (token, head) pair per work item: scores by f16
/// dot products, softmax rounded to f16, values accumulated with f16 axpy.
/// </summary>
internal sealed unsafe class DecoderAttention : IParallelWork
{
    private float* _q;
    private ushort* _keys;
    private ushort* _values;
    private float* _out;
    private int _heads;
    private int _headDim;
    private int _state;
    private int _past;
    private int _kvCount;
    private bool _causal;

    /// <summary>
    /// <paramref name="q"/>: <c>[tokens][state]</c> (already scaled and f16-rounded). Causal: token i sees
    /// positions 0..past+i; otherwise all <paramref name="kvCount"/> positions.
    /// </summary>
    public void Run(float* q, int tokens, ushort* keys, ushort* values, int kvCount, int past, bool causal, int heads, int state, float* output, int threads)
    {
        _q = q;
        _keys = keys;
        _values = values;
        _out = output;
        _heads = heads;
        _state = state;
        _headDim = state / heads;
        _past = past;
        _kvCount = kvCount;
        _causal = causal;
        WorkerPool.Shared.Run(this, tokens * heads, threads);
    }

    public void Execute(int index)
    {
        int token = index / _heads;
        int h = index % _heads;
        int hd = _headDim;
        int n = _causal ? _past + token + 1 : _kvCount;
        float* scores = ThreadScratch.B(n);
        float* q = _q + ((long)token * _state) + (h * hd);
        AttentionF16.Scores(_keys + (h * hd), _state, n, q, hd, scores);
        Softmax.Apply(scores, n, 1f, roundToHalf: true);
        AttentionF16.WeightedSum(scores, _values + (h * hd), _state, n, hd, _out + ((long)token * _state) + (h * hd));
    }
}
