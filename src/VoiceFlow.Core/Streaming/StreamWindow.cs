using System.Numerics.Tensors;

namespace VoiceFlow.Core.Streaming;

/// <summary>
/// The newest samples of a stream in one preallocated array, addressed by stream position (samples since the
/// stream began). Appending never allocates; old audio is dropped explicitly with <see cref="DiscardBefore"/>.
/// Not thread-safe.
/// </summary>
internal sealed class StreamWindow
{
    private const int QuietFrameSamples = 320;

    private readonly float[] _samples;
    private int _count;

    public StreamWindow(int capacity) => _samples = new float[capacity];

    /// <summary>Stream position of the oldest sample held.</summary>
    public long StartSample { get; private set; }

    /// <summary>Stream position one past the newest sample (= samples appended since the stream began).</summary>
    public long EndSample => StartSample + _count;

    /// <summary>Room left.</summary>
    public int Free => _samples.Length - _count;

    /// <summary>Appends <paramref name="block"/> (at most <see cref="Free"/> samples) and returns it as stored, for in-place repair.</summary>
    public Span<float> Append(ReadOnlySpan<float> block)
    {
        var stored = _samples.AsSpan(_count, block.Length);
        block.CopyTo(stored);
        _count += block.Length;
        return stored;
    }

    /// <summary>The samples of stream positions [<paramref name="from"/>, <paramref name="to"/>), which must be held.</summary>
    public ReadOnlySpan<float> Slice(long from, long to) => _samples.AsSpan((int)(from - StartSample), (int)(to - from));

    /// <summary>Drops every sample before stream position <paramref name="position"/> (moves the rest to the front).</summary>
    public void DiscardBefore(long position)
    {
        int drop = (int)Math.Clamp(position - StartSample, 0, _count);
        if (drop == 0)
        {
            return;
        }

        _samples.AsSpan(drop, _count - drop).CopyTo(_samples);
        _count -= drop;
        StartSample += drop;
    }

    /// <summary>Middle of the quietest 20 ms frame inside [<paramref name="from"/>, <paramref name="to"/>) (where to cut speech that does not pause).</summary>
    public long QuietestPoint(long from, long to)
    {
        long best = to;
        float bestEnergy = float.PositiveInfinity;
        for (long frame = Math.Max(from, StartSample); frame + QuietFrameSamples <= to; frame += QuietFrameSamples / 2)
        {
            float energy = TensorPrimitives.SumOfSquares(Slice(frame, frame + QuietFrameSamples));
            if (energy < bestEnergy)
            {
                bestEnergy = energy;
                best = frame + QuietFrameSamples / 2;
            }
        }

        return best;
    }
}
