using System.Globalization;
using System.Numerics;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Buffers;

/// <summary>
/// <see cref="IAudioBufferPool"/> over power-of-two size classes. Pooling keeps at most
/// <c>memory_pool_size</c> idle arrays per size class and at most <see cref="MaxReadyBytes"/> idle
/// bytes in all, so the memory held idle stays bounded even after a few long recordings;
/// returned arrays are zeroed before reuse so no audio outlives its recording. With pooling off
/// (<c>enable_memory_optimizations</c> false) every rent is a plain <c>new float[n]</c> and the
/// counters still work, which is what the benchmark compares against.
/// Not built on <c>ArrayPool&lt;float&gt;.Shared</c>: it cannot report misses, bound idle memory
/// by count and bytes, or zero on return, and those are what this pool is for.
/// </summary>
public sealed class AudioBufferPool : IAudioBufferPool
{
    /// <summary>Smallest size class (shorter rents round up to it).</summary>
    public const int MinPooledLength = 256;

    /// <summary>Longest rent that is pooled (2^25 samples, 35 min at 16 kHz); longer ones are allocated and dropped.</summary>
    public const int MaxPooledLength = 1 << 25;

    /// <summary>Default bound on idle bytes (64 MiB: two 5-minute recordings' arrays).</summary>
    public const long DefaultMaxReadyBytes = 64L << 20;

    private static readonly int MinBucketShift = BitOperations.Log2(MinPooledLength);

    private readonly Lock _gate = new();
    private readonly Stack<Slot>[] _buckets;
    private long _rents;
    private long _returns;
    private long _misses;
    private long _outstandingBuffers;
    private long _outstandingBytes;
    private long _readyBuffers;
    private long _readyBytes;

    /// <param name="pooling">False: every rent allocates (the unoptimized baseline).</param>
    /// <param name="buffersKeptReady">Idle arrays kept per size class.</param>
    /// <param name="maxReadyBytes">Idle bytes kept in all; returns past it are left to the GC.</param>
    /// <exception cref="ConfigurationException">A negative <paramref name="buffersKeptReady"/>.</exception>
    public AudioBufferPool(bool pooling, int buffersKeptReady, long maxReadyBytes = DefaultMaxReadyBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxReadyBytes);
        if (buffersKeptReady < 0)
        {
            throw new ConfigurationException(string.Create(CultureInfo.InvariantCulture,
                $"memory_pool_size must be 0 or more buffers, got {buffersKeptReady}."));
        }

        IsPooling = pooling && buffersKeptReady > 0;
        BuffersKeptReady = buffersKeptReady;
        MaxReadyBytes = maxReadyBytes;
        int bucketCount = BitOperations.Log2(MaxPooledLength) - MinBucketShift + 1;
        _buckets = new Stack<Slot>[IsPooling ? bucketCount : 0];
        for (int i = 0; i < _buckets.Length; i++)
        {
            _buckets[i] = new Stack<Slot>(buffersKeptReady);
        }
    }

    /// <inheritdoc />
    public bool IsPooling { get; }

    /// <summary>Idle arrays kept per size class.</summary>
    public int BuffersKeptReady { get; }

    /// <summary>Idle bytes kept in all size classes together.</summary>
    public long MaxReadyBytes { get; }

    /// <inheritdoc />
    public AudioBufferPoolStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                return new AudioBufferPoolStatistics(_rents, _returns, _misses, _outstandingBuffers, _outstandingBytes, _readyBuffers, _readyBytes);
            }
        }
    }

    /// <summary>A pool configured by <c>enable_memory_optimizations</c> and <c>memory_pool_size</c>.</summary>
    public static AudioBufferPool FromOptions(VoiceFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new AudioBufferPool(options.EnableMemoryOptimizations, options.MemoryPoolSize);
    }

    /// <inheritdoc />
    public AudioBuffer Rent(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        int bucket = BucketOf(length);
        int arrayLength = bucket >= 0 ? LengthOf(bucket) : length;
        Slot? slot = null;
        lock (_gate)
        {
            _rents++;
            _outstandingBuffers++;
            _outstandingBytes += (long)arrayLength * sizeof(float);
            if (bucket >= 0 && _buckets[bucket].TryPop(out slot))
            {
                _readyBuffers--;
                _readyBytes -= (long)arrayLength * sizeof(float);
            }
            else
            {
                _misses++;
            }
        }

        // Allocate outside the lock: a large array takes a while to zero.
        slot ??= new Slot(this, new float[arrayLength], bucket);
        slot.LeasedLength = length;
        return new AudioBuffer(slot, slot.Version, length);
    }

    /// <summary>
    /// Fills the size class of <paramref name="length"/> with idle arrays up to the pool size, so
    /// the first rents of a session do not allocate (for instance before capture starts).
    /// </summary>
    public void Prewarm(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        int bucket = BucketOf(length);
        if (bucket < 0)
        {
            return;
        }

        while (true)
        {
            lock (_gate)
            {
                if (!HasRoom(bucket, (long)LengthOf(bucket) * sizeof(float)))
                {
                    return;
                }
            }

            var slot = new Slot(this, new float[LengthOf(bucket)], bucket);
            lock (_gate)
            {
                if (!HasRoom(bucket, BytesOf(slot)))
                {
                    return;
                }

                _buckets[bucket].Push(slot);
                _readyBuffers++;
                _readyBytes += BytesOf(slot);
            }
        }
    }

    private void Return(Slot slot)
    {
        bool keep = slot.Bucket >= 0;
        if (keep)
        {
            // Zero what was used, so a recording can never surface in a later rent.
            slot.Array.AsSpan(0, slot.LeasedLength).Clear();
        }

        lock (_gate)
        {
            _returns++;
            _outstandingBuffers--;
            _outstandingBytes -= BytesOf(slot);
            if (keep && HasRoom(slot.Bucket, BytesOf(slot)))
            {
                _buckets[slot.Bucket].Push(slot);
                _readyBuffers++;
                _readyBytes += BytesOf(slot);
            }
        }
    }

    /// <summary>Whether one more idle array of <paramref name="bytes"/> fits both bounds (call under the lock).</summary>
    private bool HasRoom(int bucket, long bytes) =>
        _buckets[bucket].Count < BuffersKeptReady && _readyBytes + bytes <= MaxReadyBytes;

    /// <summary>The size class for <paramref name="length"/>, or -1 when it is not pooled.</summary>
    private int BucketOf(int length)
    {
        if (!IsPooling || length > MaxPooledLength)
        {
            return -1;
        }

        int rounded = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(length, MinPooledLength));
        return BitOperations.Log2((uint)rounded) - MinBucketShift;
    }

    private static int LengthOf(int bucket) => 1 << (bucket + MinBucketShift);

    private static long BytesOf(Slot slot) => (long)slot.Array.Length * sizeof(float);

    /// <summary>One array and its lease version; the version makes stale disposes harmless.</summary>
    internal sealed class Slot(AudioBufferPool pool, float[] array, int bucket)
    {
        private int _version;

        public float[] Array { get; } = array;

        public int Bucket { get; } = bucket;

        public int LeasedLength { get; set; }

        public int Version => Volatile.Read(ref _version);

        public void Release(int version)
        {
            // Only the first dispose of a lease wins; copies and repeats see a newer version.
            if (Interlocked.CompareExchange(ref _version, version + 1, version) == version)
            {
                pool.Return(this);
            }
        }
    }
}
