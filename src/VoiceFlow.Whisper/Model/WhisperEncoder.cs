using System.Collections.Concurrent;
using VoiceFlow.Whisper.Ggml;
using VoiceFlow.Whisper.Inference;
using VoiceFlow.Whisper.Kernels;

namespace VoiceFlow.Whisper.Model;

/// <summary>
/// The audio encoder: conv1 (k3, pad 1) + GELU, conv2 (k3, stride 2, pad 1) + GELU, positional
/// embedding, pre-LN transformer blocks, ln_post; then the decoder's cross-attention keys/values.
/// Follows whisper.cpp's numerics: attention keys, values and queries are rounded to f16 (its
/// intermediate type), activations to f16 before f16-weight products; attention probabilities stay
/// f32 (blocked online softmax, <see cref="Kernels.FlashAttention"/>).
/// </summary>
internal sealed unsafe class WhisperEncoder : IDisposable
{
    private readonly WhisperHyperParameters _hp;
    private readonly LinearLayer _conv1;
    private readonly LinearLayer _conv2;
    private readonly float* _positional;
    private readonly BlockWeights[] _blocks;
    private readonly NormWeights _post;
    private readonly AttentionWeights[] _cross;
    private readonly ConcurrentBag<EncoderWorkspace> _workspaces = [];
    private readonly bool _keepWorkspace;

    public WhisperEncoder(GgmlModelFile file, bool keepWorkspace)
    {
        _keepWorkspace = keepWorkspace;
        _hp = file.HyperParameters;
        int s = _hp.NAudioState;
        _conv1 = new LinearLayer(file.Tensor("encoder.conv1.weight"), file.Tensor("encoder.conv1.bias"), 3 * _hp.NMels, s, taps: 3);
        _conv2 = new LinearLayer(file.Tensor("encoder.conv2.weight"), file.Tensor("encoder.conv2.bias"), 3 * s, s, taps: 3);
        _positional = (float*)file.Tensor("encoder.positional_embedding").Data;
        _blocks = new BlockWeights[_hp.NAudioLayer];
        for (int i = 0; i < _blocks.Length; i++)
        {
            _blocks[i] = new BlockWeights(file, $"encoder.blocks.{i}.", cross: false);
        }

        _post = new NormWeights(file, "encoder.ln_post");
        _cross = new AttentionWeights[_hp.NTextLayer];
        for (int i = 0; i < _cross.Length; i++)
        {
            _cross[i] = new AttentionWeights(file, $"decoder.blocks.{i}.cross_attn");
        }
    }

    /// <summary>When set, every window adds its time per stage to it (profiling only; one encode at a time then).</summary>
    public EncoderStageTimes? StageTimes { get; set; }

    /// <summary>Encodes one window; <paramref name="convOut"/> (optional, <c>[ctx][state]</c>) receives the conv stem output.</summary>
    public EncoderOutput Encode(MelSpectrogram mel, int frameOffset, int threads, float[]? convOut = null)
    {
        ArgumentNullException.ThrowIfNull(mel);
        if (mel.NMels != _hp.NMels)
        {
            throw new ArgumentException($"mel has {mel.NMels} bands, the model expects {_hp.NMels}", nameof(mel));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(frameOffset);
        threads = Math.Max(1, threads);
        if (!_workspaces.TryTake(out var ws))
        {
            ws = new EncoderWorkspace(_hp);
        }

        try
        {
            var output = new EncoderOutput(_hp.NAudioCtx, _hp.NAudioState, _hp.NTextLayer, _hp.NTextHead);
            try
            {
                var times = StageTimes;
                times?.Start();
                ConvStem(mel, frameOffset, ws, threads);
                times?.Mark(EncoderStage.ConvStem);
                if (convOut is not null)
                {
                    new ReadOnlySpan<float>(ws.X, _hp.NAudioCtx * _hp.NAudioState).CopyTo(convOut);
                }

                Transformer(ws, output.OutputPointer, threads, times);
                if (!_keepWorkspace)
                {
                    // The peak of a window: the cross keys and values are faulted in; free the transformer's memory first.
                    ws.ReleaseTransformerMemory();
                }

                CrossKeysValues(output, ws, threads);
                times?.Mark(EncoderStage.CrossKeysValues);
                return output;
            }
            catch
            {
                output.Dispose();
                throw;
            }
        }
        finally
        {
            if (_keepWorkspace)
            {
                _workspaces.Add(ws);
            }
            else
            {
                ws.Dispose();
            }
        }
    }

    /// <summary>
    /// Both convolutions as packed products without an im2col copy: with the kernel packed tap-major,
    /// the input row of output step t is three consecutive time rows of a time-major buffer that has a
    /// zero row at each end (stride 1 for conv1, stride 2 for conv2).
    /// </summary>
    private void ConvStem(MelSpectrogram mel, int frameOffset, EncoderWorkspace ws, int threads)
    {
        int ctx = _hp.NAudioCtx, frames = 2 * ctx, s = _hp.NAudioState, nMels = _hp.NMels;
        float* melT = ws.MelT;
        new Span<float>(melT, nMels).Clear();
        new Span<float>(melT + ((long)(frames + 1) * nMels), nMels).Clear();
        fixed (float* melData = mel.Data)
        {
            for (int c = 0; c < nMels; c++)
            {
                float* src = melData + ((long)c * mel.NFrames);
                for (int t = 0; t < frames; t++)
                {
                    long f = (long)frameOffset + t;
                    melT[((long)(t + 1) * nMels) + c] = f < mel.NFrames ? src[f] : 0f;
                }
            }
        }

        float* conv1 = ws.Conv1Out;
        ws.Linear.Forward(_conv1, melT, frames, nMels, conv1 + s, s, gelu: true, threads, overwriteInput: true);
        new Span<float>(conv1, s).Clear();
        new Span<float>(conv1 + ((long)(frames + 1) * s), s).Clear();
        ws.Linear.Forward(_conv2, conv1, ctx, 2 * s, ws.X, s, gelu: true, threads, overwriteInput: true);
    }

    private void Transformer(EncoderWorkspace ws, float* output, int threads, EncoderStageTimes? times)
    {
        int ctx = _hp.NAudioCtx, s = _hp.NAudioState;
        long n = (long)ctx * s;
        var x = new Span<float>(ws.X, (int)n);
        System.Numerics.Tensors.TensorPrimitives.Add(x, new ReadOnlySpan<float>(_positional, (int)n), x);
        foreach (var block in _blocks)
        {
            Norm(ws.X, ws.H, block.AttnNorm, ctx, s);
            times?.Mark(EncoderStage.NormsAndResiduals);
            ws.Linear.Forward(block.Attn.Query, ws.H, ctx, s, ws.Q, s, gelu: false, threads, overwriteInput: true);
            ws.Linear.Forward(block.Attn.Key, ws.H, ctx, s, ws.K, s, gelu: false, threads, overwriteInput: true);
            ws.Linear.Forward(block.Attn.Value, ws.H, ctx, s, ws.V, s, gelu: false, threads, overwriteInput: true);
            times?.Mark(EncoderStage.AttentionProjections);
            ws.Attention.Run(ws, ctx, s, _hp.NAudioHead, threads);
            times?.Mark(EncoderStage.Attention);
            ws.Linear.Forward(block.Attn.Out, ws.Attn, ctx, s, ws.H, s, gelu: false, threads, overwriteInput: true);
            times?.Mark(EncoderStage.AttentionOutput);
            System.Numerics.Tensors.TensorPrimitives.Add(x, new ReadOnlySpan<float>(ws.H, (int)n), x);

            Norm(ws.X, ws.H, block.MlpNorm, ctx, s);
            times?.Mark(EncoderStage.NormsAndResiduals);
            ws.Linear.Forward(block.Mlp0, ws.H, ctx, s, ws.Mlp, 4 * s, gelu: true, threads, overwriteInput: true);
            ws.Linear.Forward(block.Mlp2, ws.Mlp, ctx, 4 * s, ws.H, s, gelu: false, threads, overwriteInput: true);
            times?.Mark(EncoderStage.Mlp);
            System.Numerics.Tensors.TensorPrimitives.Add(x, new ReadOnlySpan<float>(ws.H, (int)n), x);
        }

        Norm(ws.X, output, _post, ctx, s);
        times?.Mark(EncoderStage.NormsAndResiduals);
    }

    private void CrossKeysValues(EncoderOutput output, EncoderWorkspace ws, int threads)
    {
        int ctx = _hp.NAudioCtx, s = _hp.NAudioState;
        float scale = MathF.Pow(s / (float)_hp.NTextHead, -0.25f);
        float* input = ws.CrossScratch(s);
        float* result = input + ((long)EncoderWorkspace.CrossChunkRows * s);
        for (int l = 0; l < _cross.Length; l++)
        {
            CrossProduct(output, ws, _cross[l].Key, scale, output.Keys(l), input, result, threads);
            CrossProduct(output, ws, _cross[l].Value, 1f, output.Values(l), input, result, threads);
        }
    }

    /// <summary>
    /// One cross key or value layer over the window, a chunk of rows at a time (small scratch instead of three
    /// window-sized buffers): the weights packed once, each chunk whole row blocks, so the same bits as one product.
    /// </summary>
    private void CrossProduct(EncoderOutput output, EncoderWorkspace ws, LinearLayer layer, float scale, ushort* dst, float* input, float* result, int threads)
    {
        int ctx = _hp.NAudioCtx, s = _hp.NAudioState;
        float* packed = ws.Linear.Pack(layer, threads);
        for (int r0 = 0; r0 < ctx; r0 += EncoderWorkspace.CrossChunkRows)
        {
            int rows = Math.Min(EncoderWorkspace.CrossChunkRows, ctx - r0);
            int n = rows * s;

            // The product prepares its input in place: give it a copy, the output must stay intact.
            new ReadOnlySpan<float>(output.OutputPointer + ((long)r0 * s), n).CopyTo(new Span<float>(input, n));
            ws.Linear.ForwardPacked(layer, packed, input, rows, s, result, s, gelu: false, threads, overwriteInput: true);
            if (scale != 1f)
            {
                var k = new Span<float>(result, n);
                System.Numerics.Tensors.TensorPrimitives.Multiply(k, scale, k);
            }

            output.StoreHeadMajor(result, r0, rows, dst);
        }
    }

    /// <summary>Frees the pooled workspaces (native memory).</summary>
    public void Dispose()
    {
        while (_workspaces.TryTake(out var ws))
        {
            ws.Dispose();
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
