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
        int n = tokens.Length, s = _hp.NTextState, past = state.Length;
        if (n == 0)
        {
            throw new ArgumentException("no tokens to decode", nameof(tokens));
        }

        if (past + n > _hp.NTextCtx)
        {
            throw new ArgumentException($"decoding {n} tokens after {past} exceeds the text context of {_hp.NTextCtx}", nameof(tokens));
        }

        if (logits.Length < _hp.NVocab)
        {
            throw new ArgumentException($"logits span has {logits.Length} entries, needs {_hp.NVocab}", nameof(logits));
        }

        if (extraRow >= 0 && extraLogits.Length < _hp.NVocab)
        {
            throw new ArgumentException($"logits span has {extraLogits.Length} entries, needs {_hp.NVocab}", nameof(extraLogits));
        }

        threads = Math.Max(1, threads);
        long block = (long)n * s;
        float* x = state.Scratch.Ensure(10 * block);
        float* h = x + block, q = x + (2 * block), k = x + (3 * block), v = x + (4 * block), attn = x + (5 * block), mlp = x + (6 * block);
        int headDim = s / _hp.NTextHead;
        float scale = MathF.Pow(headDim, -0.25f);
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
            System.Numerics.Tensors.TensorPrimitives.Add(span, new ReadOnlySpan<float>(_positional + ((long)(past + i) * s), s), span);
        }

        var encoded = state.Encoded;
        var xs = new Span<float>(x, (int)block);
        for (int l = 0; l < _blocks.Length; l++)
        {
            var b = _blocks[l];
            Norm(x, h, b.AttnNorm, n, s);
            state.Linear.Forward(b.Attn.Query, h, n, s, q, s, gelu: false, threads);
            state.Linear.Forward(b.Attn.Key, h, n, s, k, s, gelu: false, threads);
            state.Linear.Forward(b.Attn.Value, h, n, s, v, s, gelu: false, threads);
            var qs = new Span<float>(q, (int)block);
            var ks = new Span<float>(k, (int)block);
            System.Numerics.Tensors.TensorPrimitives.Multiply(qs, scale, qs);
            System.Numerics.Tensors.TensorPrimitives.Multiply(ks, scale, ks);
            RoundToHalf.Round(q, q, (int)block);
            RoundToHalf.ToHalfBits(k, state.Keys(l) + ((long)past * s), (int)block);
            RoundToHalf.ToHalfBits(v, state.Values(l) + ((long)past * s), (int)block);
            state.Attention.Run(q, n, state.Keys(l), state.Values(l), past + n, past, causal: true, _hp.NTextHead, s, attn, threads);
            state.Linear.Forward(b.Attn.Out, attn, n, s, h, s, gelu: false, threads);
            System.Numerics.Tensors.TensorPrimitives.Add(xs, new ReadOnlySpan<float>(h, (int)block), xs);

            var cross = b.Cross!;
            Norm(x, h, b.CrossNorm, n, s);
            state.Linear.Forward(cross.Query, h, n, s, q, s, gelu: false, threads);
            System.Numerics.Tensors.TensorPrimitives.Multiply(qs, scale, qs);
            RoundToHalf.Round(q, q, (int)block);
            capture?.Capture(l, q, n, encoded.Keys(l), encoded.Context, s, headDim);
            state.Attention.Run(q, n, encoded.Keys(l), encoded.Values(l), encoded.Context, 0, causal: false, _hp.NTextHead, s, attn, threads);
            state.Linear.Forward(cross.Out, attn, n, s, h, s, gelu: false, threads);
            System.Numerics.Tensors.TensorPrimitives.Add(xs, new ReadOnlySpan<float>(h, (int)block), xs);

            Norm(x, h, b.MlpNorm, n, s);
            state.Linear.Forward(b.Mlp0, h, n, s, mlp, 4 * s, gelu: true, threads);
            state.Linear.Forward(b.Mlp2, mlp, n, 4 * s, h, s, gelu: false, threads);
            System.Numerics.Tensors.TensorPrimitives.Add(xs, new ReadOnlySpan<float>(h, (int)block), xs);
        }

        state.Advance(n);
        LogitsOfRow(state, x, h, n - 1, logits, threads);
        if (extraRow >= 0)
        {
            LogitsOfRow(state, x, h, extraRow, extraLogits, threads);
        }
    }

    private void LogitsOfRow(DecoderState state, float* x, float* h, int row, Span<float> logits, int threads)
    {
        int s = _hp.NTextState;
        LayerNorm.Apply(x + ((long)row * s), h, _norm.Weight, _norm.Bias, s);
        fixed (float* output = logits)
        {
            state.Linear.Forward(_logits, h, 1, s, output, _hp.NVocab, gelu: false, threads);
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
