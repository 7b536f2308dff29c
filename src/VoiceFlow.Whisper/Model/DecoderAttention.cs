using VoiceFlow.Whisper.Kernels;

namespace VoiceFlow.Whisper.Model;

/// <summary>
/// Attention of a few query rows over f16 key/value stores, one (row, head) pair per work item: scores by f16 dot
/// products, softmax rounded to f16, values accumulated with f16 axpy. Self-attention: each row over its own cache
/// (<see cref="DecoderRows"/>), positions 0..its position. Cross-attention: every row over the encoder's keys/values.
/// </summary>
internal sealed unsafe class DecoderAttention : IParallelWork
{
    private float* _q;
    private DecoderRows? _rows;
    private long _layerOffset;
    private ushort* _keys;
    private ushort* _values;
    private float* _out;
    private int _heads;
    private int _headDim;
    private int _state;
    private int _kvCount;

    /// <summary>
    /// Self-attention of layer <paramref name="layer"/>: <paramref name="q"/> is <c>[rows][state]</c> (already scaled
    /// and f16-rounded); row r attends to positions 0..rows.Position(r) of its own cache.
    /// </summary>
    public void RunSelf(float* q, DecoderRows rows, int layer, int heads, int state, float* output, int threads)
    {
        _rows = rows;
        _layerOffset = layer * rows.LayerStride;
        Run(q, rows.Count, null, null, 0, heads, state, output, threads);
    }

    /// <summary>Every query row over all <paramref name="kvCount"/> positions of one key/value store.</summary>
    public void RunShared(float* q, int tokens, ushort* keys, ushort* values, int kvCount, int heads, int state, float* output, int threads)
    {
        _rows = null;
        Run(q, tokens, keys, values, kvCount, heads, state, output, threads);
    }

    private void Run(float* q, int tokens, ushort* keys, ushort* values, int kvCount, int heads, int state, float* output, int threads)
    {
        _q = q;
        _keys = keys;
        _values = values;
        _out = output;
        _heads = heads;
        _state = state;
        _headDim = state / heads;
        _kvCount = kvCount;
        WorkerPool.Shared.Run(this, tokens * heads, threads);
    }

    public void Execute(int index)
    {
        int token = index / _heads;
        int h = index % _heads;
        int hd = _headDim;
        ushort* keys = _keys, values = _values;
        int n = _kvCount;
        if (_rows is { } rows)
        {
            keys = rows.Keys(token) + _layerOffset;
            values = rows.Values(token) + _layerOffset;
            n = rows.Position(token) + 1;
        }

        float* scores = ThreadScratch.B(n);
        float* q = _q + ((long)token * _state) + (h * hd);
        AttentionF16.Scores(keys + (h * hd), _state, n, q, hd, scores);
        Softmax.Apply(scores, n, 1f, roundToHalf: true);
        AttentionF16.WeightedSum(scores, values + (h * hd), _state, n, hd, _out + ((long)token * _state) + (h * hd));
    }
}
