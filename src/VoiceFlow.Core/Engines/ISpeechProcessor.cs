namespace VoiceFlow.Core.Engines;

/// <summary>
/// Runs one job at a time over a shared model. Create several processors from one
/// <see cref="ISpeechEngineFactory"/> for parallel work; a processor itself is not thread-safe.
/// </summary>
public interface ISpeechProcessor : IAsyncDisposable
{
    /// <summary>The options this processor was built with.</summary>
    TranscriptionOptions Options { get; }

    /// <summary>
    /// Recognises <paramref name="samples16k"/> (mono, 16 kHz, finite values in [-1, 1]) and streams the
    /// segments as they are found. State from an earlier call never influences a later one.
    /// </summary>
    IAsyncEnumerable<Segment> ProcessAsync(ReadOnlyMemory<float> samples16k, CancellationToken cancellationToken = default);
}
