using System.Collections.Concurrent;
using VoiceFlow.Whisper.Ggml;
using VoiceFlow.Whisper.Inference;
using VoiceFlow.Whisper.Kernels;

namespace VoiceFlow.Whisper.Model;

/// <summary>
/// The audio encoder: conv1 (k3, pad 1) + GELU, conv2 (k3, stride 2, pad 1) + GELU, positional
/// embedding, pre-LN transformer blocks, ln_post; then the decoder's cross-attention keys/values.
/// Follows whisper.cpp's numerics: attention keys, values, queries and probabilities are rounded
/// to f16 (its intermediate type), activations to f16 before f16-weight products.
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

    public WhisperEncoder(GgmlModelFile file)
    {
        _hp = file.HyperParameters;
        int s = _hp.NAudioState;
        _conv1 = new LinearLayer(file.Tensor("encoder.conv1.weight"), file.Tensor("encoder.conv1.bias"), 3 * _hp.NMels, s);
        _conv2 = new LinearLayer(file.Tensor("encoder.conv2.weight"), file.Tensor("encoder.conv2.bias"), 3 * s, s);
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
            var output = new EncoderOutput(_hp.NAudioCtx, _hp.NAudioState, _hp.NTextLayer);
            try
            {
                ConvStem(mel, frameOffset, ws, threads);
                if (convOut is not null)
                {
                    new ReadOnlySpan<float>(ws.X, _hp.NAudioCtx * _hp.NAudioState).CopyTo(convOut);
                }

                Transformer(ws, output.OutputPointer, threads);
                CrossKeysValues(output, ws, threads);
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
            _workspaces.Add(ws);
        }
    }

    private void ConvStem(MelSpectrogram mel, int frameOffset, EncoderWorkspace ws, int threads)
    {
        int ctx = _hp.NAudioCtx, frames = 2 * ctx, s = _hp.NAudioState, nMels = _hp.NMels;
        float* cols1 = ws.Im2Col1;
        int k1 = 3 * nMels;
        fixed (float* melData = mel.Data)
        {
            for (int t = 0; t < frames; t++)
            {
                float* row = cols1 + ((long)t * k1);
                for (int c = 0; c < nMels; c++)
                {
                    for (int k = 0; k < 3; k++)
                    {
                        int f = t + k - 1;
                        long src = (long)frameOffset + f;
                        row[(c * 3) + k] = f >= 0 && f < frames && src < mel.NFrames ? melData[((long)c * mel.NFrames) + src] : 0f;
                    }
                }
            }
        }

        ws.Linear.Forward(_conv1, cols1, frames, k1, ws.Conv1Out, s, gelu: true, threads, overwriteInput: true);

        float* cols2 = ws.Im2Col2;
        int k2 = 3 * s;
        for (int t = 0; t < ctx; t++)
        {
            float* row = cols2 + ((long)t * k2);
            for (int k = 0; k < 3; k++)
            {
                int f = (2 * t) + k - 1;
                float* src = ws.Conv1Out + ((long)f * s);
                for (int c = 0; c < s; c++)
                {
                    row[(c * 3) + k] = f >= 0 && f < frames ? src[c] : 0f;
                }
            }
        }

        ws.Linear.Forward(_conv2, cols2, ctx, k2, ws.X, s, gelu: true, threads, overwriteInput: true);
    }

    private void Transformer(EncoderWorkspace ws, float* output, int threads)
    {
        int ctx = _hp.NAudioCtx, s = _hp.NAudioState;
        long n = (long)ctx * s;
        var x = new Span<float>(ws.X, (int)n);
        System.Numerics.Tensors.TensorPrimitives.Add(x, new ReadOnlySpan<float>(_positional, (int)n), x);
        foreach (var block in _blocks)
        {
            Norm(ws.X, ws.H, block.AttnNorm, ctx, s);
            ws.Linear.Forward(block.Attn.Query, ws.H, ctx, s, ws.Q, s, gelu: false, threads, overwriteInput: true);
            ws.Linear.Forward(block.Attn.Key, ws.H, ctx, s, ws.K, s, gelu: false, threads, overwriteInput: true);
            ws.Linear.Forward(block.Attn.Value, ws.H, ctx, s, ws.V, s, gelu: false, threads, overwriteInput: true);
            ws.Attention.Run(ws, ctx, s, _hp.NAudioHead, threads);
            ws.Linear.Forward(block.Attn.Out, ws.Attn, ctx, s, ws.H, s, gelu: false, threads, overwriteInput: true);
            System.Numerics.Tensors.TensorPrimitives.Add(x, new ReadOnlySpan<float>(ws.H, (int)n), x);

            Norm(ws.X, ws.H, block.MlpNorm, ctx, s);
            ws.Linear.Forward(block.Mlp0, ws.H, ctx, s, ws.Mlp, 4 * s, gelu: true, threads, overwriteInput: true);
            ws.Linear.Forward(block.Mlp2, ws.Mlp, ctx, 4 * s, ws.H, s, gelu: false, threads, overwriteInput: true);
            System.Numerics.Tensors.TensorPrimitives.Add(x, new ReadOnlySpan<float>(ws.H, (int)n), x);
        }

        Norm(ws.X, output, _post, ctx, s);
    }

    private void CrossKeysValues(EncoderOutput output, EncoderWorkspace ws, int threads)
    {
        int ctx = _hp.NAudioCtx, s = _hp.NAudioState;
        int n = ctx * s;
        float scale = MathF.Pow(s / (float)_hp.NTextHead, -0.25f);
        for (int l = 0; l < _cross.Length; l++)
        {
            // The products prepare their input in place: give them a copy, the output must stay intact.
            new ReadOnlySpan<float>(output.OutputPointer, n).CopyTo(new Span<float>(ws.H, n));
            ws.Linear.Forward(_cross[l].Key, ws.H, ctx, s, ws.Q, s, gelu: false, threads, overwriteInput: true);
            var k = new Span<float>(ws.Q, n);
            System.Numerics.Tensors.TensorPrimitives.Multiply(k, scale, k);
            RoundToHalf.ToHalfBits(ws.Q, output.Keys(l), n);
            ws.Linear.Forward(_cross[l].Value, ws.H, ctx, s, ws.V, s, gelu: false, threads, overwriteInput: true);
            RoundToHalf.ToHalfBits(ws.V, output.Values(l), n);
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
