namespace VoiceFlow.Core.Buffers;

/// <summary>
/// The one source of temporary sample buffers in VoiceFlow: code rents an <see cref="AudioBuffer"/>
/// and disposes it, instead of calling <c>new float[n]</c> in a hot path or scattering
/// <c>ArrayPool.Rent</c> calls. Implementations are thread-safe.
/// </summary>
public interface IAudioBufferPool
{
    /// <summary>True when buffers are reused; false when every rent is a plain allocation.</summary>
    bool IsPooling { get; }

    /// <summary>Counters since creation.</summary>
    AudioBufferPoolStatistics Statistics { get; }

    /// <summary>
    /// Rents a zeroed buffer of exactly <paramref name="length"/> samples. Dispose it to return it;
    /// a second dispose (of any copy) is ignored.
    /// </summary>
    AudioBuffer Rent(int length);
}
