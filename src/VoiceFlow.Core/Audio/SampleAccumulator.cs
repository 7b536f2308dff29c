namespace VoiceFlow.Core.Audio;

/// <summary>Collects decoded samples: exact-size storage when the length is known, bounded doubling otherwise.</summary>
internal sealed class SampleAccumulator(int initialCapacity, int maxLength)
{
    private float[] _samples = new float[Math.Min(initialCapacity, maxLength)];

    internal int Count { get; private set; }

    /// <summary>Appends <paramref name="samples"/>; false (nothing appended) if that would pass <c>maxLength</c>.</summary>
    internal bool TryAppend(ReadOnlySpan<float> samples)
    {
        int needed = Count + samples.Length;
        if (needed > maxLength) return false;
        if (needed > _samples.Length)
            Array.Resize(ref _samples, (int)Math.Min(maxLength, Math.Max(needed, 2L * _samples.Length)));
        samples.CopyTo(_samples.AsSpan(Count));
        Count = needed;
        return true;
    }

    /// <summary>The samples, trimmed to <see cref="Count"/> (a copy only when the storage is larger).</summary>
    internal float[] ToArray()
    {
        if (Count != _samples.Length) Array.Resize(ref _samples, Count);
        return _samples;
    }
}
