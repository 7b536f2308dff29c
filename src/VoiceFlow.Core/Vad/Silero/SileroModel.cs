using System.Security.Cryptography;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.Vad.Silero.Onnx;

namespace VoiceFlow.Core.Vad.Silero;

/// <summary>
/// The weights of an official Silero VAD v5 or v6 network at 16 kHz, read from its ONNX file: the STFT basis, the four
/// encoder convolutions, the LSTM cell and the output layer. Immutable and shared: each audio stream runs its own
/// <see cref="SileroNetwork"/> over one model.
/// </summary>
public sealed class SileroModel
{
    /// <summary>Samples per chunk at 16 kHz (32 ms), as silero-vad's own wrapper feeds the network.</summary>
    public const int ChunkSamples = 512;

    /// <summary>Samples of the previous chunk prepended to each chunk.</summary>
    public const int ContextSamples = 64;

    internal const int FftSize = 256;
    internal const int Hop = 128;
    internal const int Bins = FftSize / 2 + 1;
    internal const int Frames = 4;
    internal const int Hidden = 128;

    private static readonly string[] s_expectedInputs = ["input", "state", "sr"];
    private static readonly string[] s_expectedOutputs = ["output", "stateN"];

    private SileroModel(string path, string sha256, ConvolutionLayer[] encoder, float[] basis, float[] window, bool basisIsWindowedDft,
        float[] lstmInputWeights, float[] lstmHiddenWeights, float[] lstmBias, float[] outputWeights, float outputBias)
    {
        Path = path;
        Sha256 = sha256;
        Version = SileroModelVersion.FromSha256(sha256);
        Encoder = encoder;
        Basis = basis;
        Window = window;
        BasisIsWindowedDft = basisIsWindowedDft;
        LstmInputWeights = lstmInputWeights;
        LstmHiddenWeights = lstmHiddenWeights;
        LstmBias = lstmBias;
        OutputWeights = outputWeights;
        OutputBias = outputBias;
    }

    /// <summary>The file the weights came from.</summary>
    public string Path { get; }

    /// <summary>The file's SHA-256 (lower-case hex).</summary>
    public string Sha256 { get; }

    /// <summary>The official release this file is (by its SHA-256), or null for a file of the same architecture that is not one.</summary>
    public SileroModelVersion? Version { get; }

    /// <summary>A short description for logs and the vad command: "silero-vad v6 (/path)".</summary>
    public string Description => $"silero-vad {Version?.Name ?? "(unreleased weights)"} ({Path})";

    internal ConvolutionLayer[] Encoder { get; }

    /// <summary>The STFT basis [258 × 256]: 129 real rows then 129 imaginary rows.</summary>
    internal float[] Basis { get; }

    /// <summary>The analysis window (the basis' DC row), used by the FFT path.</summary>
    internal float[] Window { get; }

    /// <summary>Whether the basis is exactly a windowed DFT (then an FFT computes the same spectrum far cheaper).</summary>
    internal bool BasisIsWindowedDft { get; }

    /// <summary>
    /// The LSTM's input weights (weight_ih, [512 × 128], PyTorch gate order i, f, g, o) stored by columns
    /// ([128 × 512], for <see cref="SparseInputProduct"/>). Kept apart from the hidden weights because the input
    /// product does not depend on the state: a batch of chunks does it as one product.
    /// </summary>
    internal float[] LstmInputWeights { get; }

    /// <summary>The LSTM's recurrent weights (weight_hh) [512 × 128], the only product that must run chunk by chunk.</summary>
    internal float[] LstmHiddenWeights { get; }

    /// <summary>bias_ih + bias_hh [512].</summary>
    internal float[] LstmBias { get; }

    internal float[] OutputWeights { get; }

    internal float OutputBias { get; }

    /// <summary>Loads the network from an ONNX file.</summary>
    /// <exception cref="ModelFormatException">Missing, unreadable, truncated or corrupt, or not a Silero VAD v5/v6 network; the message names the file.</exception>
    public static SileroModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException($"{path}: cannot read the Silero VAD model: {ex.Message}", ex);
        }

        OnnxGraph graph;
        try
        {
            graph = OnnxModelReader.ReadGraph(bytes);
        }
        catch (InvalidDataException ex)
        {
            throw new ModelFormatException($"{path}: not a readable ONNX file (truncated or corrupt?): {ex.Message}", ex);
        }

        return FromGraph(path, Convert.ToHexStringLower(SHA256.HashData(bytes)), graph);
    }

    private static SileroModel FromGraph(string path, string sha256, OnnxGraph graph)
    {
        if (!graph.Inputs.SequenceEqual(s_expectedInputs) || !graph.Outputs.SequenceEqual(s_expectedOutputs))
        {
            string found = $"inputs ({string.Join(", ", graph.Inputs)}) and outputs ({string.Join(", ", graph.Outputs)})";
            string hint = graph.Inputs.Contains("h") && graph.Inputs.Contains("c") ? "; Silero VAD v4 and older take h and c, only v5 and v6 are supported" : "";
            throw new ModelFormatException($"{path}: {found} are not Silero VAD's (input, state, sr → output, stateN){hint}");
        }

        // The 16 kHz weights: the one graph (main or an If branch) whose STFT basis has 258 rows of 256.
        var weights = graph.SelfAndSubgraphs()
            .Select(g => g.OwnTensors().Where(t => t.Floats is not null).GroupBy(t => t.Name).ToDictionary(x => x.Key, x => x.First()))
            .FirstOrDefault(set => set.TryGetValue("stft.forward_basis_buffer", out var basis) && basis.Dimensions.SequenceEqual([2L * Bins, 1, FftSize]))
            ?? throw new ModelFormatException($"{path}: no 16 kHz Silero VAD weights (stft.forward_basis_buffer of shape [258, 1, 256]); not a Silero VAD v5/v6 model");

        float[] Take(string name, params long[] shape)
        {
            if (!weights.TryGetValue(name, out var tensor))
            {
                throw new ModelFormatException($"{path}: the tensor {name} is missing; not a Silero VAD v5/v6 model");
            }

            if (!tensor.Dimensions.SequenceEqual(shape))
            {
                throw new ModelFormatException($"{path}: the tensor {name} has shape {tensor.Shape}, Silero VAD v5/v6 has [{string.Join(", ", shape)}]");
            }

            var values = tensor.Floats!;
            if (!Array.TrueForAll(values, float.IsFinite))
            {
                throw new ModelFormatException($"{path}: the tensor {name} holds NaN or infinite values; the file is corrupt");
            }

            return values;
        }

        float[] basis = Take("stft.forward_basis_buffer", 2 * Bins, 1, FftSize);
        int[] channels = [Bins, 128, 64, 64, 128];
        int[] strides = [1, 2, 2, 1];
        var encoder = new ConvolutionLayer[4];
        for (int i = 0; i < 4; i++)
        {
            float[] rows = TapMajor(Take($"encoder.{i}.reparam_conv.weight", channels[i + 1], channels[i], 3), channels[i + 1], channels[i]);
            // Blocks 2-4 take a ReLU's output, mostly zeros: stored by columns so a zero input skips its column.
            bool sparseInput = i > 0;
            encoder[i] = new ConvolutionLayer(
                sparseInput ? SparseInputProduct.ToColumns(rows, channels[i + 1], channels[i] * ConvolutionLayer.Kernel) : rows,
                Take($"encoder.{i}.reparam_conv.bias", channels[i + 1]),
                channels[i], channels[i + 1], strides[i], sparseInput);
        }

        // The LSTM's input is the last block's ReLU output (about three quarters zeros): stored by columns too.
        float[] weightIh = SparseInputProduct.ToColumns(Take("decoder.rnn.weight_ih", 4 * Hidden, Hidden), 4 * Hidden, Hidden);
        float[] weightHh = Take("decoder.rnn.weight_hh", 4 * Hidden, Hidden);
        float[] biasIh = Take("decoder.rnn.bias_ih", 4 * Hidden);
        float[] biasHh = Take("decoder.rnn.bias_hh", 4 * Hidden);
        float[] outputWeights = Take("decoder.decoder.2.weight", 1, Hidden, 1);
        float[] outputBias = Take("decoder.decoder.2.bias", 1);

        var lstmBias = new float[4 * Hidden];
        for (int row = 0; row < 4 * Hidden; row++)
        {
            lstmBias[row] = biasIh[row] + biasHh[row];
        }

        float[] window = basis.AsSpan(0, FftSize).ToArray();
        return new SileroModel(path, sha256, encoder, basis, window, IsWindowedDft(basis, window), weightIh, weightHh, lstmBias, outputWeights, outputBias[0]);
    }

    /// <summary>
    /// [out × in × 3] (ONNX's layout) to [out × 3 × in]: with taps outermost, an output position's receptive field is
    /// three plain copies of input positions instead of a strided gather (the network builds one per position).
    /// </summary>
    private static float[] TapMajor(float[] weights, int outChannels, int inChannels)
    {
        var reordered = new float[weights.Length];
        for (int o = 0; o < outChannels; o++)
        {
            for (int i = 0; i < inChannels; i++)
            {
                for (int k = 0; k < ConvolutionLayer.Kernel; k++)
                {
                    reordered[(((o * ConvolutionLayer.Kernel) + k) * inChannels) + i] = weights[(((o * inChannels) + i) * ConvolutionLayer.Kernel) + k];
                }
            }
        }

        return reordered;
    }

    /// <summary>
    /// Whether row k of the basis is window·cos(2πkn/N) and row 129+k is ±window·sin(2πkn/N) (the sign does not change
    /// a magnitude), to within float rounding.
    /// </summary>
    private static bool IsWindowedDft(float[] basis, float[] window)
    {
        const double Tolerance = 1e-5;
        for (int sign = -1; sign <= 1; sign += 2)
        {
            bool matches = true;
            for (int k = 0; k < Bins && matches; k++)
            {
                for (int n = 0; n < FftSize; n++)
                {
                    double angle = 2 * Math.PI * ((long)k * n % FftSize) / FftSize;
                    double re = window[n] * Math.Cos(angle);
                    double im = sign * window[n] * Math.Sin(angle);
                    if (Math.Abs(basis[k * FftSize + n] - re) > Tolerance || Math.Abs(basis[(Bins + k) * FftSize + n] - im) > Tolerance)
                    {
                        matches = false;
                        break;
                    }
                }
            }

            if (matches)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A 1-D convolution with kernel 3 and padding 1, followed by ReLU (one encoder block).</summary>
/// <param name="Weights">
/// [out × 3 × in], row-major: each output channel's row is contiguous, taps outermost; with
/// <paramref name="SparseInput"/> the same matrix stored by columns ([3 × in × out]).
/// </param>
/// <param name="Bias">[out].</param>
/// <param name="InChannels">Input channels.</param>
/// <param name="OutChannels">Output channels.</param>
/// <param name="Stride">Step between output positions.</param>
/// <param name="SparseInput">The input is a ReLU's output, mostly zeros: multiplied by <see cref="SparseInputProduct"/>.</param>
internal sealed record ConvolutionLayer(float[] Weights, float[] Bias, int InChannels, int OutChannels, int Stride, bool SparseInput)
{
    public const int Kernel = 3;

    /// <summary>Output positions for <paramref name="inputLength"/> input positions.</summary>
    public int OutputLength(int inputLength) => (inputLength + 2 - Kernel) / Stride + 1;
}
