namespace VoiceFlow.Core.Buffers;

/// <summary>Counters of an <see cref="IAudioBufferPool"/>.</summary>
/// <param name="Rents">Buffers handed out.</param>
/// <param name="Returns">Buffers given back.</param>
/// <param name="RentMisses">Rents that had to allocate a new array (every rent when not pooling).</param>
/// <param name="OutstandingBuffers">Buffers rented and not yet returned.</param>
/// <param name="OutstandingBytes">Bytes of the arrays behind the outstanding buffers.</param>
/// <param name="ReadyBuffers">Idle arrays kept for the next rents.</param>
/// <param name="ReadyBytes">Bytes of the idle arrays.</param>
public readonly record struct AudioBufferPoolStatistics(
    long Rents, long Returns, long RentMisses, long OutstandingBuffers, long OutstandingBytes, long ReadyBuffers, long ReadyBytes)
{
    /// <summary>Rents served without allocating.</summary>
    public long RentHits => Rents - RentMisses;
}
