using System.Numerics.Tensors;

namespace VoiceFlow.Core.Vad.Silero;

/// <summary>
/// One audio stream through a <see cref="SileroModel"/>, exactly as silero-vad's own wrapper runs the ONNX network at
/// 16 kHz: each 512-sample chunk is preceded by the previous chunk's last 64 samples (zeros before the first), and the
/// LSTM state is carried from chunk to chunk. <see cref="Process"/> gives one chunk's speech probability,
/// <see cref="ProcessChunks"/> those of consecutive chunks.
/// </summary>
/// <remarks>
/// Everything but the LSTM's recurrent product depends only on the audio, so consecutive chunks go through the STFT,
/// the encoder and the LSTM's input product together, <see cref="BatchChunks"/> at a time: each layer's weights are
/// read once per batch instead of once per chunk (the ~1 MB of weights does not fit in L2; reading them is what a
/// chunk costs). Only the recurrent product (256 KB) runs chunk by chunk. Blocks 2–4 and the LSTM's input product take
/// a ReLU's output, mostly zeros, and read only the weight columns of nonzero inputs (<see cref="SparseInputProduct"/>),
/// which matters most to a live stream fed one chunk at a time. A chunk's probability is bit-identical
/// whichever way the audio is split into calls (the tests check), because every chunk goes through the same products
/// in the same order. Every buffer is allocated here, once: processing allocates nothing. Not thread-safe (one
/// stream, one caller).
/// </remarks>
public sealed class SileroNetwork
{
    /// <summary>Chunks processed together (8 × 32 ms): enough to share each weight read, few enough to stay in L2.</summary>
    public const int BatchChunks = 8;

    private const int InputSamples = SileroModel.ContextSamples + SileroModel.ChunkSamples;
    private const int PaddedSamples = InputSamples + SileroModel.ContextSamples;
    private const int Hidden = SileroModel.Hidden;
    private const int Gates = 4 * Hidden;

    private readonly SileroModel _model;
    private readonly WindowedFft? _fft;
    private readonly float[] _context = new float[SileroModel.ContextSamples];
    private readonly float[] _padded = new float[BatchChunks * PaddedSamples];
    /// <summary>Each chunk's STFT frames (256 samples, hop 128) copied out back to back.</summary>
    private readonly float[] _frames = new float[BatchChunks * SileroModel.Frames * SileroModel.FftSize];
    private readonly float[] _layerA = new float[BatchChunks * SileroModel.Frames * SileroModel.Bins];
    private readonly float[] _layerB = new float[BatchChunks * SileroModel.Frames * SileroModel.Bins];
    /// <summary>Every output position's receptive field of one encoder block (at most Frames per chunk), side by side.</summary>
    private readonly float[] _column = new float[BatchChunks * SileroModel.Frames * SileroModel.Bins * ConvolutionLayer.Kernel];
    /// <summary>Scratch for <see cref="SparseInputProduct"/>: the nonzero inputs' indices (at most one per column entry).</summary>
    private readonly int[] _nonzero = new int[BatchChunks * SileroModel.Frames * SileroModel.Bins * ConvolutionLayer.Kernel];
    private readonly float[] _spectrum = new float[2 * SileroModel.Bins];
    private readonly float[] _inputGates = new float[BatchChunks * Gates];
    private readonly float[] _gates = new float[Gates];
    private readonly float[] _hidden = new float[Hidden];
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
        Array.Clear(_context);
        Array.Clear(_hidden);
        Array.Clear(_cell);
    }

    /// <summary>The speech probability of the next chunk of exactly <see cref="SileroModel.ChunkSamples"/> samples.</summary>
    public float Process(ReadOnlySpan<float> chunk)
    {
        if (chunk.Length != SileroModel.ChunkSamples)
        {
            throw new ArgumentException($"Silero takes chunks of {SileroModel.ChunkSamples} samples, not {chunk.Length}", nameof(chunk));
        }

        float probability = 0;
        ProcessChunks(chunk, new Span<float>(ref probability));
        return probability;
    }

    /// <summary>
    /// The speech probabilities of the next <c>probabilities.Length</c> chunks, which <paramref name="audio"/> holds
    /// back to back (exactly <see cref="SileroModel.ChunkSamples"/> samples each). Same results as calling
    /// <see cref="Process"/> on each chunk in turn, at a lower cost.
    /// </summary>
    public void ProcessChunks(ReadOnlySpan<float> audio, Span<float> probabilities)
    {
        if (audio.Length != (long)probabilities.Length * SileroModel.ChunkSamples)
        {
            throw new ArgumentException(
                $"{probabilities.Length} chunks take {(long)probabilities.Length * SileroModel.ChunkSamples} samples, not {audio.Length}", nameof(audio));
        }

        for (int first = 0; first < probabilities.Length; first += BatchChunks)
        {
            int count = Math.Min(BatchChunks, probabilities.Length - first);
            ProcessBatch(audio.Slice(first * SileroModel.ChunkSamples, count * SileroModel.ChunkSamples), probabilities.Slice(first, count));
        }
    }

    private void ProcessBatch(ReadOnlySpan<float> audio, Span<float> probabilities)
    {
        int count = probabilities.Length;
        for (int chunk = 0; chunk < count; chunk++)
        {
            // Input = the previous chunk's last 64 samples, then the chunk; then reflection padding of 64 on the right.
            var padded = _padded.AsSpan(chunk * PaddedSamples, PaddedSamples);
            ReadOnlySpan<float> context = chunk == 0 ? _context : audio.Slice(chunk * SileroModel.ChunkSamples - SileroModel.ContextSamples, SileroModel.ContextSamples);
            context.CopyTo(padded);
            audio.Slice(chunk * SileroModel.ChunkSamples, SileroModel.ChunkSamples).CopyTo(padded[SileroModel.ContextSamples..]);
            for (int j = 0; j < SileroModel.ContextSamples; j++)
            {
                padded[InputSamples + j] = padded[InputSamples - 2 - j];
            }
        }

        audio[^SileroModel.ContextSamples..].CopyTo(_context);

        Spectrogram(count, _layerA);
        int length = SileroModel.Frames;
        var input = _layerA;
        var output = _layerB;
        foreach (var layer in _model.Encoder)
        {
            length = Convolve(layer, input, length, count, output);
            (input, output) = (output, input);
        }

        // The encoder ends with one position of 128 channels per chunk: the LSTM's inputs, whose product with the
        // input weights does not depend on the state.
        var inputGates = _inputGates.AsSpan(0, count * Gates);
        SparseInputProduct.Multiply(_model.LstmInputWeights, input.AsSpan(0, count * Hidden), count, inputGates, _nonzero);
        for (int chunk = 0; chunk < count; chunk++)
        {
            probabilities[chunk] = StepLstmAndDecode(inputGates.Slice(chunk * Gates, Gates));
        }
    }

    /// <summary>The STFT magnitudes of each chunk's padded input, time-major ([chunk][frame][bin]).</summary>
    private void Spectrogram(int count, float[] magnitudes)
    {
        const int Bins = SileroModel.Bins;
        int frames = count * SileroModel.Frames;
        var framed = _frames.AsSpan(0, frames * SileroModel.FftSize);
        for (int frame = 0; frame < frames; frame++)
        {
            int chunk = frame / SileroModel.Frames;
            _padded.AsSpan(chunk * PaddedSamples + frame % SileroModel.Frames * SileroModel.Hop, SileroModel.FftSize)
                .CopyTo(framed.Slice(frame * SileroModel.FftSize, SileroModel.FftSize));
        }

        if (_fft is not null)
        {
            _fft.MagnitudesOfFrames(framed, _model.Window, magnitudes.AsSpan(0, frames * Bins));
            return;
        }

        for (int frame = 0; frame < frames; frame++)
        {
            var destination = magnitudes.AsSpan(frame * Bins, Bins);
            var spectrum = _spectrum.AsSpan();
            SileroKernels.MatrixVector(_model.Basis, framed.Slice(frame * SileroModel.FftSize, SileroModel.FftSize), spectrum);
            // |X| = sqrt(re² + im²), as the graph computes it.
            TensorPrimitives.Multiply(spectrum, spectrum, spectrum);
            TensorPrimitives.Add(spectrum[..Bins], spectrum[Bins..], destination);
            TensorPrimitives.Sqrt(destination, destination);
        }
    }

    /// <summary>
    /// One encoder block on each chunk's time-major activations ([chunk][position][channel]); returns the output
    /// length per chunk. Chunks are independent here (padding at each chunk's edges), so one product serves them all.
    /// </summary>
    private int Convolve(ConvolutionLayer layer, float[] input, int inputLength, int count, float[] output)
    {
        int outputLength = layer.OutputLength(inputLength);
        int inChannels = layer.InChannels;
        int width = inChannels * ConvolutionLayer.Kernel;
        int positions = count * outputLength;
        for (int p = 0; p < positions; p++)
        {
            int chunk = p / outputLength;
            int t = p % outputLength;
            var column = _column.AsSpan(p * width, width);
            // The receptive field of output t laid out like a weight row (tap-major): three runs of input channels,
            // each a plain copy of one input position (or zeros for the padding).
            for (int k = 0; k < ConvolutionLayer.Kernel; k++)
            {
                int position = t * layer.Stride + k - 1;
                var tap = column.Slice(k * inChannels, inChannels);
                if (position < 0 || position >= inputLength)
                {
                    tap.Clear();
                }
                else
                {
                    input.AsSpan((chunk * inputLength + position) * inChannels, inChannels).CopyTo(tap);
                }
            }
        }

        // All positions of all chunks in one product: the block's weights are read once per batch (and, after the
        // first block, only the columns of nonzero inputs).
        var columns = _column.AsSpan(0, positions * width);
        var products = output.AsSpan(0, positions * layer.OutChannels);
        if (layer.SparseInput)
        {
            SparseInputProduct.Multiply(layer.Weights, columns, positions, products, _nonzero);
        }
        else
        {
            SileroKernels.MatrixVectors(layer.Weights, columns, positions, products);
        }

        for (int p = 0; p < positions; p++)
        {
            var destination = output.AsSpan(p * layer.OutChannels, layer.OutChannels);
            TensorPrimitives.Add(destination, layer.Bias, destination);
            TensorPrimitives.Max(destination, 0f, destination);
        }

        return outputLength;
    }

    /// <summary>
    /// The LSTM cell (gates i, f, g, o) given the chunk's input product, then ReLU, the 1×1 output convolution and
    /// the sigmoid.
    /// </summary>
    private float StepLstmAndDecode(ReadOnlySpan<float> inputGates)
    {
        var gates = _gates.AsSpan();
        SileroKernels.MatrixVector(_model.LstmHiddenWeights, _hidden, gates);
        TensorPrimitives.Add(gates, inputGates, gates);
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

        var hidden = _hidden.AsSpan();
        TensorPrimitives.Tanh(cell, hidden);
        TensorPrimitives.Multiply(outputGate, hidden, hidden);

        var activated = _scratch.AsSpan();
        TensorPrimitives.Max(hidden, 0f, activated);
        float logit = TensorPrimitives.Dot(activated, _model.OutputWeights) + _model.OutputBias;
        return 1f / (1f + MathF.Exp(-logit));
    }
}
