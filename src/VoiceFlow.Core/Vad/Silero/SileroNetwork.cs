using System.Numerics.Tensors;

namespace VoiceFlow.Core.Vad.Silero;

/// <summary>
/// One audio stream through a <see cref="SileroModel"/>, exactly as silero-vad's own wrapper runs the ONNX network at
/// 16 kHz: each 512-sample chunk is preceded by the previous chunk's last 64 samples (zeros before the first), and the
/// LSTM state is carried from chunk to chunk. <see cref="Process"/> gives the chunk's speech probability.
/// Every buffer is allocated here, once: processing a chunk allocates nothing. Not thread-safe (one stream, one caller).
/// </summary>
public sealed class SileroNetwork
{
    private const int InputSamples = SileroModel.ContextSamples + SileroModel.ChunkSamples;
    private const int PaddedSamples = InputSamples + SileroModel.ContextSamples;
    private const int Hidden = SileroModel.Hidden;

    private readonly SileroModel _model;
    private readonly WindowedFft? _fft;
    private readonly float[] _padded = new float[PaddedSamples];
    private readonly float[] _layerA = new float[SileroModel.Frames * SileroModel.Bins];
    private readonly float[] _layerB = new float[SileroModel.Frames * SileroModel.Bins];
    /// <summary>Every output position's receptive field of one encoder block (at most Frames of them), side by side.</summary>
    private readonly float[] _column = new float[SileroModel.Frames * SileroModel.Bins * ConvolutionLayer.Kernel];
    private readonly float[] _spectrum = new float[2 * SileroModel.Bins];
    private readonly float[] _inputAndHidden = new float[2 * Hidden];
    private readonly float[] _gates = new float[4 * Hidden];
    private readonly float[] _cell = new float[Hidden];
    private readonly float[] _scratch = new float[Hidden];

    /// <summary>A stream over <paramref name="model"/>, starting from silence.</summary>
    /// <param name="model">The loaded weights.</param>
    /// <param name="useFft">Compute the STFT with an FFT when the basis allows it (false: the basis convolution, as the ONNX graph does).</param>
    public SileroNetwork(SileroModel model, bool useFft = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _fft = useFft && model.BasisIsWindowedDft ? new WindowedFft() : null;
    }

    /// <summary>The weights in use.</summary>
    public SileroModel Model => _model;

    /// <summary>Whether the STFT runs as an FFT (else as the basis convolution).</summary>
    public bool UsesFft => _fft is not null;

    /// <summary>Forgets the stream: zero context and zero LSTM state.</summary>
    public void Reset()
    {
        Array.Clear(_padded);
        Array.Clear(_inputAndHidden);
        Array.Clear(_cell);
    }

    /// <summary>The speech probability of the next chunk of exactly <see cref="SileroModel.ChunkSamples"/> samples.</summary>
    public float Process(ReadOnlySpan<float> chunk)
    {
        if (chunk.Length != SileroModel.ChunkSamples)
        {
            throw new ArgumentException($"Silero takes chunks of {SileroModel.ChunkSamples} samples, not {chunk.Length}", nameof(chunk));
        }

        // Input = the previous chunk's last 64 samples (still at the end of the previous input), then the chunk;
        // then reflection padding of 64 on the right.
        var padded = _padded.AsSpan();
        padded.Slice(SileroModel.ChunkSamples, SileroModel.ContextSamples).CopyTo(padded);
        chunk.CopyTo(padded[SileroModel.ContextSamples..]);
        for (int j = 0; j < SileroModel.ContextSamples; j++)
        {
            padded[InputSamples + j] = padded[InputSamples - 2 - j];
        }

        Spectrogram(padded, _layerA);
        int length = SileroModel.Frames;
        var input = _layerA;
        var output = _layerB;
        foreach (var layer in _model.Encoder)
        {
            length = Convolve(layer, input, length, output);
            (input, output) = (output, input);
        }

        // The encoder ends with one position of 128 channels: the LSTM's input.
        input.AsSpan(0, Hidden).CopyTo(_inputAndHidden);
        return StepLstmAndDecode();
    }

    private void Spectrogram(ReadOnlySpan<float> padded, float[] magnitudes)
    {
        const int Bins = SileroModel.Bins;
        for (int frame = 0; frame < SileroModel.Frames; frame++)
        {
            var samples = padded.Slice(frame * SileroModel.Hop, SileroModel.FftSize);
            var destination = magnitudes.AsSpan(frame * Bins, Bins);
            if (_fft is not null)
            {
                _fft.Magnitudes(samples, _model.Window, destination);
                continue;
            }

            var spectrum = _spectrum.AsSpan();
            SileroKernels.MatrixVector(_model.Basis, samples, spectrum);
            // |X| = sqrt(re² + im²), as the graph computes it.
            TensorPrimitives.Multiply(spectrum, spectrum, spectrum);
            TensorPrimitives.Add(spectrum[..Bins], spectrum[Bins..], destination);
            TensorPrimitives.Sqrt(destination, destination);
        }
    }

    /// <summary>One encoder block on time-major activations ([position][channel]); returns the output length.</summary>
    private int Convolve(ConvolutionLayer layer, float[] input, int inputLength, float[] output)
    {
        int outputLength = layer.OutputLength(inputLength);
        int inChannels = layer.InChannels;
        int width = inChannels * ConvolutionLayer.Kernel;
        for (int t = 0; t < outputLength; t++)
        {
            var column = _column.AsSpan(t * width, width);
            // The receptive field of output t as one vector laid out like a weight row (channel-major, then tap).
            for (int k = 0; k < ConvolutionLayer.Kernel; k++)
            {
                int position = t * layer.Stride + k - 1;
                if (position < 0 || position >= inputLength)
                {
                    for (int i = 0; i < inChannels; i++)
                    {
                        column[i * ConvolutionLayer.Kernel + k] = 0;
                    }

                    continue;
                }

                var source = input.AsSpan(position * inChannels, inChannels);
                for (int i = 0; i < inChannels; i++)
                {
                    column[i * ConvolutionLayer.Kernel + k] = source[i];
                }
            }
        }

        // All positions in one product: the block's weights are read once per chunk, not once per position.
        SileroKernels.MatrixVectors(layer.Weights, _column.AsSpan(0, outputLength * width), outputLength, output.AsSpan(0, outputLength * layer.OutChannels));
        for (int t = 0; t < outputLength; t++)
        {
            var destination = output.AsSpan(t * layer.OutChannels, layer.OutChannels);
            TensorPrimitives.Add(destination, layer.Bias, destination);
            TensorPrimitives.Max(destination, 0f, destination);
        }

        return outputLength;
    }

    /// <summary>The LSTM cell (gates i, f, g, o) on [input; h], then ReLU, the 1×1 output convolution and the sigmoid.</summary>
    private float StepLstmAndDecode()
    {
        var gates = _gates.AsSpan();
        SileroKernels.MatrixVector(_model.LstmWeights, _inputAndHidden, gates);
        TensorPrimitives.Add(gates, _model.LstmBias, gates);
        var inputGate = gates[..Hidden];
        var forgetGate = gates.Slice(Hidden, Hidden);
        var candidate = gates.Slice(2 * Hidden, Hidden);
        var outputGate = gates.Slice(3 * Hidden, Hidden);
        TensorPrimitives.Sigmoid(inputGate, inputGate);
        TensorPrimitives.Sigmoid(forgetGate, forgetGate);
        TensorPrimitives.Tanh(candidate, candidate);
        TensorPrimitives.Sigmoid(outputGate, outputGate);

        var cell = _cell.AsSpan();
        TensorPrimitives.Multiply(forgetGate, cell, cell);
        TensorPrimitives.MultiplyAdd(inputGate, candidate, cell, cell);

        var hidden = _inputAndHidden.AsSpan(Hidden, Hidden);
        TensorPrimitives.Tanh(cell, hidden);
        TensorPrimitives.Multiply(outputGate, hidden, hidden);

        var activated = _scratch.AsSpan();
        TensorPrimitives.Max(hidden, 0f, activated);
        float logit = TensorPrimitives.Dot(activated, _model.OutputWeights) + _model.OutputBias;
        return 1f / (1f + MathF.Exp(-logit));
    }
}
