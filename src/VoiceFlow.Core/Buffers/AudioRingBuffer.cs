namespace VoiceFlow.Core.Buffers;

/// <summary>
/// A fixed-capacity ring of samples that keeps the newest audio: writing past the capacity
/// overwrites the oldest samples (counted in <see cref="OverwrittenSamples"/>). Writes copy into
/// the preallocated array and never allocate. Not thread-safe; the owner serialises access.
/// </summary>
public sealed class AudioRingBuffer
{
    private readonly float[] _samples;
    private int _start; // index of the oldest sample
    private int _count;

    /// <exception cref="ArgumentOutOfRangeException">A capacity below 1.</exception>
    public AudioRingBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _samples = new float[capacity];
    }

    /// <summary>Most samples held.</summary>
    public int Capacity => _samples.Length;

    /// <summary>Samples held now.</summary>
    public int Count => _count;

    /// <summary>Room left before writes start overwriting.</summary>
    public int Free => _samples.Length - _count;

    /// <summary>Oldest samples lost to overwriting since the last <see cref="Clear"/>.</summary>
    public long OverwrittenSamples { get; private set; }

    /// <summary>Appends <paramref name="samples"/>, overwriting the oldest samples when full.</summary>
    public void Write(ReadOnlySpan<float> samples)
    {
        if (samples.Length >= _samples.Length)
        {
            // Only the newest Capacity samples survive.
            OverwrittenSamples += _count + samples.Length - _samples.Length;
            samples[^_samples.Length..].CopyTo(_samples);
            _start = 0;
            _count = _samples.Length;
            return;
        }

        int overflow = Math.Max(0, _count + samples.Length - _samples.Length);
        int end = (_start + _count) % _samples.Length;
        int firstPart = Math.Min(samples.Length, _samples.Length - end);
        samples[..firstPart].CopyTo(_samples.AsSpan(end));
        samples[firstPart..].CopyTo(_samples);

        _count += samples.Length - overflow;
        _start = (_start + overflow) % _samples.Length;
        OverwrittenSamples += overflow;
    }

    /// <summary>
    /// The newest <paramref name="count"/> samples (at most <see cref="Count"/>) in order, as up to two
    /// spans over the ring (valid until the next write or clear).
    /// </summary>
    public void GetLatest(int count, out ReadOnlySpan<float> first, out ReadOnlySpan<float> second)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        count = Math.Min(count, _count);
        int begin = (_start + _count - count) % _samples.Length;
        int firstLength = Math.Min(count, _samples.Length - begin);
        first = _samples.AsSpan(begin, firstLength);
        second = _samples.AsSpan(0, count - firstLength);
    }

    /// <summary>Copies every held sample, oldest first, to <paramref name="destination"/>; returns the count.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Count"/>.</exception>
    public int CopyTo(Span<float> destination)
    {
        if (destination.Length < _count)
        {
            throw new ArgumentException($"Destination holds {destination.Length} samples; the ring holds {_count}.", nameof(destination));
        }

        GetLatest(_count, out var first, out var second);
        first.CopyTo(destination);
        second.CopyTo(destination[first.Length..]);
        return _count;
    }

    /// <summary>Zeroes the held samples and empties the ring, so nothing carries over to the next use.</summary>
    public void Clear()
    {
        int firstLength = Math.Min(_count, _samples.Length - _start);
        _samples.AsSpan(_start, firstLength).Clear();
        _samples.AsSpan(0, _count - firstLength).Clear();
        _start = 0;
        _count = 0;
        OverwrittenSamples = 0;
    }
}
