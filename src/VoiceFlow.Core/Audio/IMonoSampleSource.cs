namespace VoiceFlow.Core.Audio;

/// <summary>
/// A pull source of mono float samples in [-1, 1] at <see cref="SampleRate"/>: a decoder of a file or
/// stream. Stages (resampling, validation) read from it block by block.
/// </summary>
public interface IMonoSampleSource : IAsyncDisposable
{
    /// <summary>Samples per second of what <see cref="ReadAsync"/> returns.</summary>
    int SampleRate { get; }

    /// <summary>Total samples, when known in advance from the real data size (never from a header's claim alone); otherwise null.</summary>
    long? Length { get; }

    /// <summary>Fills the start of <paramref name="destination"/>; returns how many samples were written, 0 at the end.</summary>
    /// <exception cref="Errors.AudioFormatException">The data cannot be decoded.</exception>
    ValueTask<int> ReadAsync(Memory<float> destination, CancellationToken cancellationToken = default);

    /// <summary>The facts known so far; complete once <see cref="ReadAsync"/> has returned 0.</summary>
    AudioSourceInfo Describe();
}
