using VoiceFlow.Whisper.Kernels;

namespace VoiceFlow.Whisper.Model;

/// <summary>
/// Attention of a few query rows over f16 key/value stores, one (row, head) pair per work item: scores by f16 dot
/// products, softmax rounded to f16, values accumulated with f16 axpy. Self-attention: each row over its own cache
/// (<see cref="DecoderRows"/>), positions 0..its position. Cross-attention: every row over the encoder's keys/values,
/// one head per work item for all rows, so each key/value row of the shared store is read once for all of them.
/// </summary>
internal sealed unsafe class DecoderAttention : IParallelWork
{
    /// <summary>Rows one cross-attention work item serves (a whole batch of beams; a long prompt is split for the threads).</summary>
    private const int SharedRows = 8;

    private readonly SharedHeads _shared;
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
    private int _tokens;

    public DecoderAttention() => _shared = new SharedHeads(this);

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

    /// <summary>Every query row over all <paramref name="kvCount"/> positions of one head-major key/value store (<c>[head][kvCount][head_dim]</c>).</summary>
    public void RunShared(float* q, int tokens, ushort* keys, ushort* values, int kvCount, int heads, int state, float* output, int threads)
    {
        _rows = null;
        _tokens = tokens;
        Set(q, keys, values, kvCount, heads, state, output);
        WorkerPool.Shared.Run(_shared, heads * ((tokens + SharedRows - 1) / SharedRows), threads);
    }

    private void Run(float* q, int tokens, ushort* keys, ushort* values, int kvCount, int heads, int state, float* output, int threads)
    {
        Set(q, keys, values, kvCount, heads, state, output);
        WorkerPool.Shared.Run(this, tokens * heads, threads);
    }

    private void Set(float* q, ushort* keys, ushort* values, int kvCount, int heads, int state, float* output)
    {
        _q = q;
        _keys = keys;
        _values = values;
        _out = output;
        _heads = heads;
        _state = state;
        _headDim = state / heads;
        _kvCount = kvCount;
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
        float* output = _out + ((long)token * _state) + (h * hd);
        if (TryPreScaled(keys + (h * hd), values + (h * hd), _state, n, q, 1, scores, output))
        {
            return;
        }

        AttentionF16.Scores(keys + (h * hd), _state, n, q, hd, scores);
        Softmax.Apply(scores, n, 1f, roundToHalf: true);
        AttentionF16.WeightedSum(scores, values + (h * hd), _state, n, hd, output);
    }

    /// <summary>
    /// One head of up to <see cref="SharedRows"/> rows over the shared store: one pass over its keys for all their
    /// scores, one over its values for all their outputs.
    /// </summary>
    private void ExecuteSharedHead(int index)
    {
        int h = index % _heads, first = index / _heads * SharedRows;
        int hd = _headDim, n = _kvCount, m = Math.Min(SharedRows, _tokens - first);
        float* scores = ThreadScratch.B((long)m * n);
        float* q = _q + ((long)first * _state) + (h * hd);
        long head = (long)h * n * hd;
        float* output = _out + ((long)first * _state) + (h * hd);
        if (TryPreScaled(_keys + head, _values + head, hd, n, q, m, scores, output))
        {
            return;
        }

        SharedAttentionF16.Scores(_keys + head, hd, n, q, _state, m, hd, scores, n);
        for (int t = 0; t < m; t++)
        {
            Softmax.Apply(scores + ((long)t * n), n, 1f, roundToHalf: true);
        }

        SharedAttentionF16.WeightedSum(scores, n, m, _values + head, hd, n, hd, output, _state);
    }

    /// <summary>
    /// One head of <paramref name="m"/> query rows (stride <c>_state</c>) over <paramref name="n"/> key/value rows (stride
    /// <paramref name="stride"/>) with the queries and the probabilities pre-scaled by 2^112, so keys and values widen
    /// without a multiply (<see cref="ScaledWidening"/>; the same bits). False, with nothing written, when the CPU lacks
    /// AVX2, the head size is not 64, or a query would overflow: the caller then takes the exact path.
    /// </summary>
    private bool TryPreScaled(ushort* keys, ushort* values, long stride, int n, float* q, int m, float* scores, float* output)
    {
        int hd = _headDim;
        if (!SimdSupport.UseAvx2 || hd != 64)
        {
            return false;
        }

        float* scaled = ThreadScratch.A((long)m * hd);
        for (int t = 0; t < m; t++)
        {
            if (!ScaledWidening.PreScale(q + ((long)t * _state), scaled + ((long)t * hd), hd))
            {
                return false;
            }
        }

        SharedAttentionF16.Avx2Scores64PreScaled(keys, stride, n, scaled, hd, m, scores, n);
        for (int t = 0; t < m; t++)
        {
            Softmax.Apply(scores + ((long)t * n), n, 1f, roundToHalf: true);
        }

        ScaledWidening.PreScale(scores, scores, (long)m * n);
        SharedAttentionF16.Avx2WeightedSumPreScaled(scores, n, m, values, stride, n, hd, output, _state);
        return true;
    }

    private sealed class SharedHeads(DecoderAttention owner) : IParallelWork
    {
        public void Execute(int index) => owner.ExecuteSharedHead(index);
    }
}
