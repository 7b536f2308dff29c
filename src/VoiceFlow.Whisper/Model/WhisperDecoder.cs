using VoiceFlow.Whisper.Ggml;
using VoiceFlow.Whisper.Inference;
using VoiceFlow.Whisper.Kernels;

namespace VoiceFlow.Whisper.Model;

/// <summary>
/// The text decoder: token + positional embedding, pre-LN blocks with causal self-attention over
/// the f16 KV cache and cross-attention over the encoder's f16 keys/values, final layer norm, and
/// logits of the last token against the token embedding (read once, in its compact type).
/// </summary>
internal sealed unsafe class WhisperDecoder
{
    private readonly WhisperHyperParameters _hp;
    private readonly GgmlTensor _tokenEmbedding;
    private readonly LinearLayer _logits;
    private readonly float* _positional;
    private readonly BlockWeights[] _blocks;
    private readonly NormWeights _norm;

    public WhisperDecoder(GgmlModelFile file)
    {
        _hp = file.HyperParameters;
        _tokenEmbedding = file.Tensor("decoder.token_embedding.weight");
        _logits = new LinearLayer(_tokenEmbedding, null);
        _positional = (float*)file.Tensor("decoder.positional_embedding").Data;
        _blocks = new BlockWeights[_hp.NTextLayer];
        for (int i = 0; i < _blocks.Length; i++)
        {
            _blocks[i] = new BlockWeights(file, $"decoder.blocks.{i}.", cross: true);
        }

        _norm = new NormWeights(file, "decoder.ln");
    }

    /// <summary>Most states one batched pass takes: the row-streaming products read each weight once for them all.</summary>
    public static int MaxBatch => LinearLayer.StreamingMaxRows;

    public DecoderState CreateState(EncoderOutput encoded) =>
        new(this, encoded, _hp.NTextLayer, _hp.NTextCtx, _hp.NTextState);

    /// <summary>
    /// Appends <paramref name="tokens"/> to the cache and writes the logits of the last one; with
    /// <paramref name="extraRow"/> ≥ 0 also those of <c>tokens[extraRow]</c> into <paramref name="extraLogits"/>
    /// (one more logits product, only when asked).
    /// </summary>
    public void Decode(DecoderState state, ReadOnlySpan<int> tokens, Span<float> logits, int threads, int extraRow = -1, Span<float> extraLogits = default,
        CrossAttentionCapture? capture = null)
    {
        int n = tokens.Length, past = state.Length;
        if (n == 0)
        {
            throw new ArgumentException("no tokens to decode", nameof(tokens));
        }

        if (past + n > _hp.NTextCtx)
        {
            throw new ArgumentException($"decoding {n} tokens after {past} exceeds the text context of {_hp.NTextCtx}", nameof(tokens));
        }

        CheckLogits(logits, 1, nameof(logits));
        if (extraRow >= 0)
        {
            CheckLogits(extraLogits, 1, nameof(extraLogits));
        }

        threads = Math.Max(1, threads);
        state.Rows.SetSequence(state, n);
        Forward(state, state.Encoded, tokens, threads, capture);
        state.Advance(n);
        LogitsOfRows(state, n - 1, 1, logits, threads);
        if (extraRow >= 0)
        {
            LogitsOfRows(state, extraRow, 1, extraLogits, threads);
        }

        state.StageTimes?.Mark(DecoderStage.Logits);
    }

    /// <summary>
    /// Appends <c>tokens[i]</c> to <c>states[i]</c> for every i in one pass (beams, best-of candidates: the weights
    /// are read once per step for all of them) and writes state i's logits at <c>logits[i * NVocab ..]</c>. Every
    /// row is computed exactly as <see cref="Decode"/> computes it for its state alone.
    /// </summary>
    public void DecodeBatch(ReadOnlySpan<WhisperDecoderState> states, ReadOnlySpan<int> tokens, Span<float> logits, int threads)
    {
        if (states.Length == 0 || states.Length != tokens.Length)
        {
            throw new ArgumentException($"{states.Length} states for {tokens.Length} tokens: give one token per state, at least one", nameof(tokens));
        }

        CheckLogits(logits, states.Length, nameof(logits));
        var first = AsOwned(states[0], nameof(states));
        for (int i = 0; i < states.Length; i++)
        {
            var state = AsOwned(states[i], nameof(states));
            if (state.Encoded != first.Encoded)
            {
                throw new ArgumentException("the states of one batch must attend to the same encoder output", nameof(states));
            }

            if (state.Length + 1 > _hp.NTextCtx)
            {
                throw new ArgumentException($"state {i} is full: {state.Length} tokens of the text context of {_hp.NTextCtx}", nameof(states));
            }

            for (int j = 0; j < i; j++)
            {
                if (ReferenceEquals(states[j], state))
                {
                    throw new ArgumentException($"state {j} appears twice in one batch", nameof(states));
                }
            }
        }

        threads = Math.Max(1, threads);
        for (int g = 0; g < states.Length; g += MaxBatch)
        {
            int m = Math.Min(MaxBatch, states.Length - g);
            var group = states.Slice(g, m);
            first.Rows.SetBatch(group);
            Forward(first, first.Encoded, tokens.Slice(g, m), threads, capture: null);
            foreach (var state in group)
            {
                ((DecoderState)state).Advance(1);
            }

            LogitsOfRows(first, 0, m, logits[(g * _hp.NVocab)..], threads);
            first.StageTimes?.Mark(DecoderStage.Logits);
        }
    }

    private DecoderState AsOwned(WhisperDecoderState state, string name) =>
        state is DecoderState s && s.Owner == this ? s : throw new ArgumentException("the decoder state was not created by this model", name);

    private void CheckLogits(Span<float> logits, int rows, string name)
    {
        if (logits.Length < (long)rows * _hp.NVocab)
        {
            throw new ArgumentException($"logits span has {logits.Length} entries, needs {(long)rows * _hp.NVocab}", name);
        }
    }

    /// <summary>Runs the blocks over <c>owner.Rows</c> with <paramref name="owner"/>'s scratch; leaves the last hidden state in x.</summary>
    private void Forward(DecoderState owner, EncoderOutput encoded, ReadOnlySpan<int> tokens, int threads, CrossAttentionCapture? capture)
    {
        int n = tokens.Length, s = _hp.NTextState;
        var rows = owner.Rows;
        var times = owner.StageTimes;
        times?.Start();
        long block = (long)n * s;
        float* x = owner.Scratch.Ensure(10 * block);
        float* h = x + block, q = x + (2 * block), k = x + (3 * block), v = x + (4 * block), attn = x + (5 * block), mlp = x + (6 * block);
        int headDim = s / _hp.NTextHead;
        float scale = MathF.Pow(headDim, -0.25f);
        var linear = owner.Linear;
        for (int i = 0; i < n; i++)
        {
            int token = tokens[i];
            if ((uint)token >= (uint)_hp.NVocab)
            {
                throw new ArgumentOutOfRangeException(nameof(tokens), token, $"token id outside 0..{_hp.NVocab - 1}");
            }

            float* row = x + ((long)i * s);
            DequantizeRow.Run(_tokenEmbedding.Type, _logits.Row(token), s, row);
            var span = new Span<float>(row, s);
            System.Numerics.Tensors.TensorPrimitives.Add(span, new ReadOnlySpan<float>(_positional + ((long)rows.Position(i) * s), s), span);
        }

        times?.Mark(DecoderStage.Embedding);
        var xs = new Span<float>(x, (int)block);
        var qs = new Span<float>(q, (int)block);
        var ks = new Span<float>(k, (int)block);
        for (int l = 0; l < _blocks.Length; l++)
        {
            var b = _blocks[l];
            Norm(x, h, b.AttnNorm, n, s);
            linear.ForwardSameInput(b.Attn.Query, q, b.Attn.Key, k, b.Attn.Value, v, h, n, s, s, threads);
            System.Numerics.Tensors.TensorPrimitives.Multiply(qs, scale, qs);
            System.Numerics.Tensors.TensorPrimitives.Multiply(ks, scale, ks);
            RoundToHalf.Round(q, q, (int)block);
            long layer = l * rows.LayerStride;
            for (int i = 0; i < n; i++)
            {
                long at = layer + ((long)rows.Position(i) * s);
                RoundToHalf.ToHalfBits(k + ((long)i * s), rows.Keys(i) + at, s);
                RoundToHalf.ToHalfBits(v + ((long)i * s), rows.Values(i) + at, s);
            }

            times?.Mark(DecoderStage.SelfAttentionProjections);
            owner.Attention.RunSelf(q, rows, l, _hp.NTextHead, s, attn, threads);
            times?.Mark(DecoderStage.SelfAttention);
            linear.Forward(b.Attn.Out, attn, n, s, h, s, gelu: false, threads);
            System.Numerics.Tensors.TensorPrimitives.Add(xs, new ReadOnlySpan<float>(h, (int)block), xs);
            times?.Mark(DecoderStage.SelfAttentionProjections);

            var cross = b.Cross!;
            Norm(x, h, b.CrossNorm, n, s);
            linear.Forward(cross.Query, h, n, s, q, s, gelu: false, threads);
            System.Numerics.Tensors.TensorPrimitives.Multiply(qs, scale, qs);
            RoundToHalf.Round(q, q, (int)block);
            times?.Mark(DecoderStage.CrossAttentionProjections);
            capture?.Capture(l, q, n, encoded.Keys(l), encoded.Context, s, headDim);
            owner.Attention.RunShared(q, n, encoded.Keys(l), encoded.Values(l), encoded.Context, _hp.NTextHead, s, attn, threads);
            times?.Mark(DecoderStage.CrossAttention);
            linear.Forward(cross.Out, attn, n, s, h, s, gelu: false, threads);
            System.Numerics.Tensors.TensorPrimitives.Add(xs, new ReadOnlySpan<float>(h, (int)block), xs);
            times?.Mark(DecoderStage.CrossAttentionProjections);

            Norm(x, h, b.MlpNorm, n, s);
            linear.Forward(b.Mlp0, h, n, s, mlp, 4 * s, gelu: true, threads);
            linear.Forward(b.Mlp2, mlp, n, 4 * s, h, s, gelu: false, threads);
            System.Numerics.Tensors.TensorPrimitives.Add(xs, new ReadOnlySpan<float>(h, (int)block), xs);
            times?.Mark(DecoderStage.Mlp);
        }
    }

    /// <summary>Final layer norm and logits of rows <paramref name="row"/>.. (+<paramref name="count"/>) of x, one vocabulary row each.</summary>
    private void LogitsOfRows(DecoderState owner, int row, int count, Span<float> logits, int threads)
    {
        int s = _hp.NTextState;
        float* x = owner.Scratch.Pointer;
        float* h = x + ((long)owner.Rows.Count * s);
        for (int r = 0; r < count; r++)
        {
            LayerNorm.Apply(x + ((long)(row + r) * s), h + ((long)r * s), _norm.Weight, _norm.Bias, s);
        }

        fixed (float* output = logits)
        {
            owner.Linear.Forward(_logits, h, count, s, output, _hp.NVocab, gelu: false, threads);
        }
    }

    private static void Norm(float* x, float* y, NormWeights w, int rows, int s)
    {
        for (int r = 0; r < rows; r++)
        {
            LayerNorm.Apply(x + ((long)r * s), y + ((long)r * s), w.Weight, w.Bias, s);
        }
    }
}
