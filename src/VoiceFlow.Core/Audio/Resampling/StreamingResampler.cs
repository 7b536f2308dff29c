
namespace VoiceFlow.Core.Audio;

/// <summary>
/// Band-limited sample-rate converter (polyphase Kaiser-windowed sinc, about 80 dB stopband, flat
/// passband up to 45% of the lower rate) for audio that arrives in blocks, such as live capture.
/// Feeding a signal through <see cref="Process"/> in blocks of any sizes and then calling
/// <see cref="Flush"/> gives exactly the samples that <see cref="Resampler.Resample"/> gives for the whole
/// signal. After construction it allocates nothing.
/// </summary>
/// <remarks>
/// Output sample n is the signal's value at input time n·inputRate/outputRate, so there is no delay to
/// compensate; the price is a look-ahead of <see cref="LookAheadSamples"/> input samples before an output
/// can be produced. One instance serves one stream; it is not thread-safe.
/// </remarks>
public sealed class StreamingResampler
{
    /// <summary>Input samples the internal buffer accepts per pass, beyond the filter history.</summary>
    private const int BlockCapacity = 4096;

    private readonly PolyphaseFilter? _filter;
    private readonly long _up;    // L: output rate / gcd
    private readonly long _down;  // M: input rate / gcd
    private readonly int _half;   // taps on each side of t
    private readonly float[] _buffer;
    private long _bufferStart;    // absolute input index of _buffer[0] (negative = zeros before the signal)
    private int _bufferCount;
    private long _inputCount;     // real input samples received
    private long _nextOutput;     // index of the next output sample
    private bool _flushed;

    /// <summary>Creates a converter from <paramref name="inputRate"/> to <paramref name="outputRate"/> Hz.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate outside 1..1,000,000 Hz.</exception>
    public StreamingResampler(int inputRate, int outputRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputRate, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(inputRate, MaxRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputRate, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(outputRate, MaxRate);
        InputRate = inputRate;
        OutputRate = outputRate;
        long gcd = Gcd(inputRate, outputRate);
        _up = outputRate / gcd;
        _down = inputRate / gcd;
        if (inputRate != outputRate)
        {
            _filter = PolyphaseFilter.For(inputRate, outputRate, _up);
            _half = _filter.TapsPerPhase / 2;
        }
        _buffer = new float[(2 * _half) + BlockCapacity];
        Reset();
    }

    /// <summary>Highest rate accepted, in Hz.</summary>
    public const int MaxRate = 1_000_000;

    /// <summary>Input sample rate in Hz.</summary>
    public int InputRate { get; }

    /// <summary>Output sample rate in Hz.</summary>
    public int OutputRate { get; }

    /// <summary>Input samples needed after time t before the output at t can be computed (0 when the rates are equal).</summary>
    public int LookAheadSamples => _half;

    /// <summary>Number of output samples a whole signal of <paramref name="inputLength"/> samples produces: ceil(n·out/in).</summary>
    public long OutputLengthFor(long inputLength) => ((inputLength * _up) + _down - 1) / _down;

    /// <summary>An upper bound of what one <see cref="Process"/> call with <paramref name="inputLength"/> samples writes; size output buffers with it.</summary>
    public int MaxOutputLength(int inputLength) => checked((int)OutputLengthFor(inputLength) + 1);

    /// <summary>Samples that <see cref="Flush"/> will write now.</summary>
    public int PendingFlushLength => (int)(OutputLengthFor(_inputCount) - _nextOutput);

    /// <summary>
    /// Consumes <paramref name="input"/> and writes every output sample that can now be computed.
    /// </summary>
    /// <returns>The number of samples written to <paramref name="output"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="output"/> is shorter than the samples this call produces.</exception>
    /// <exception cref="InvalidOperationException">Called after <see cref="Flush"/> without <see cref="Reset"/>.</exception>
    public int Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if (_flushed) throw new InvalidOperationException("The resampler was flushed; call Reset before processing a new stream.");
        int produced = CountComputable(_inputCount + input.Length);
        if (output.Length < produced)
            throw new ArgumentException($"Output holds {output.Length} samples, this block produces {produced}; size it with MaxOutputLength.", nameof(output));
        if (_filter is null)
        {
            input.CopyTo(output);
            _inputCount += input.Length;
            _nextOutput += input.Length;
            return input.Length;
        }

        int written = 0;
        while (!input.IsEmpty)
        {
            int accepted = Append(input);
            input = input[accepted..];
            _inputCount += accepted;
            written += Emit(output[written..]);
        }
        return written;
    }

    /// <summary>
    /// Ends the stream: writes the last <see cref="PendingFlushLength"/> samples, computed as if the signal were followed by silence.
    /// </summary>
    /// <returns>The number of samples written.</returns>
    public int Flush(Span<float> output)
    {
        int pending = PendingFlushLength;
        if (output.Length < pending)
            throw new ArgumentException($"Output holds {output.Length} samples, flushing produces {pending}.", nameof(output));
        _flushed = true;
        int written = 0;
        while (written < pending)
        {
            // Pad with zeros until every remaining output has its look-ahead.
            Compact(long.MaxValue);
            int room = _buffer.Length - _bufferCount;
            _buffer.AsSpan(_bufferCount, room).Clear();
            _bufferCount += room;
            written += Emit(output[written..pending]);
        }
        return written;
    }

    /// <summary>Forgets all history to start a new, unrelated stream.</summary>
    public void Reset()
    {
        // Virtual zeros before the first sample, so the first outputs have a full window of history.
        _bufferStart = -Math.Max(_half - 1, 0);
        _bufferCount = (int)-_bufferStart;
        _buffer.AsSpan(0, _bufferCount).Clear();
        _inputCount = 0;
        _nextOutput = 0;
        _flushed = false;
    }

    /// <summary>Outputs computable once <paramref name="inputEnd"/> input samples exist, minus those already written.</summary>
    private int CountComputable(long inputEnd)
    {
        // Output n needs samples up to floor(n·M/L) + half, i.e. n·M &lt; (inputEnd - half)·L.
        long lastBase = inputEnd - _half;
        if (lastBase <= 0) return 0;
        long count = ((lastBase * _up) + _down - 1) / _down;
        return (int)Math.Max(0, count - _nextOutput);
    }

    /// <summary>Copies as much input as fits after dropping history no future output needs.</summary>
    private int Append(ReadOnlySpan<float> input)
    {
        int skipped = Compact(input.Length);
        int take = Math.Min(input.Length - skipped, _buffer.Length - _bufferCount);
        input.Slice(skipped, take).CopyTo(_buffer.AsSpan(_bufferCount));
        _bufferCount += take;
        return skipped + take;
    }

    /// <summary>
    /// Drops buffered samples before the next output's window; returns how many of the next
    /// <paramref name="skippable"/> incoming samples no output will read (large down-sampling steps
    /// can jump past whole blocks).
    /// </summary>
    private int Compact(long skippable)
    {
        long neededStart = (_nextOutput * _down / _up) - _half + 1;
        long bufferEnd = _bufferStart + _bufferCount;
        if (neededStart >= bufferEnd)
        {
            int skipped = (int)Math.Min(neededStart - bufferEnd, skippable);
            _bufferStart = bufferEnd + skipped;
            _bufferCount = 0;
            return skipped;
        }
        if (neededStart > _bufferStart)
        {
            int drop = (int)(neededStart - _bufferStart);
            _buffer.AsSpan(drop, _bufferCount - drop).CopyTo(_buffer);
            _bufferCount -= drop;
            _bufferStart = neededStart;
        }
        return 0;
    }

    /// <summary>Writes outputs whose whole window lies in the buffer, as many as <paramref name="output"/> holds.</summary>
    private int Emit(Span<float> output)
    {
        var filter = _filter!;
        int taps = filter.TapsPerPhase;
        long bufferEnd = _bufferStart + _bufferCount;
        int written = 0;
        while (written < output.Length)
        {
            long position = _nextOutput * _down;
            long baseIndex = position / _up;
            long windowStart = baseIndex - _half + 1;
            if (windowStart + taps > bufferEnd || windowStart < _bufferStart) break;
            var window = new ReadOnlySpan<float>(_buffer, (int)(windowStart - _bufferStart), taps);
            long phase = position % _up;
            output[written++] = filter.Interpolated
                ? Interpolate(filter, window, phase)
                : DotProduct.Compute(filter.Row((int)phase), window);
            _nextOutput++;
        }
        return written;
    }

    private float Interpolate(PolyphaseFilter filter, ReadOnlySpan<float> window, long phase)
    {
        long scaled = phase * PolyphaseFilter.MaxPhases;
        int row = (int)(scaled / _up);
        float weight = (scaled % _up) / (float)_up;
        float a = DotProduct.Compute(filter.Row(row), window);
        float b = DotProduct.Compute(filter.Row(row + 1), window);
        return a + (weight * (b - a));
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
