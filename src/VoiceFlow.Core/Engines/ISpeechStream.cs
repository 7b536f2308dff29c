namespace VoiceFlow.Core.Engines;

/// <summary>
/// One utterance decoded while it arrives (<see cref="ISpeechEngineFactory.TryOpenStream"/>): feed the audio as it is
/// captured, then <see cref="Finish"/> only flushes what is left and ends the search, so the wait after the speaker
/// stops does not grow with what they said. Not thread-safe: one feeder. Disposing returns the engine's decoder.
/// </summary>
public interface ISpeechStream : IDisposable
{
    /// <summary>Decodes the next samples (mono, 16 kHz, finite values in [-1, 1]) now, on the caller's thread.</summary>
    /// <exception cref="Errors.EngineException">The engine failed; the stream is unusable.</exception>
    void Feed(ReadOnlySpan<float> samples16k);

    /// <summary>
    /// A pause in the speech: what was fed so far is a finished phrase. An engine that can ends its search there now
    /// (on the caller's thread, while the speaker goes on) and keeps the phrase's segments, so <see cref="Finish"/> has
    /// only what comes after; one that cannot does nothing. Segment times stay counted from the first sample fed.
    /// </summary>
    /// <exception cref="Errors.EngineException">The engine failed; the stream is unusable.</exception>
    void EndPhrase()
    {
    }

    /// <summary>
    /// The text of what was fed so far as the search sees it now — a preview (no end-of-utterance passes), cheap
    /// enough to ask for often; null when the engine cannot say. On the feeder's thread, between feeds.
    /// </summary>
    string? PartialText => null;

    /// <summary>Ends the utterance and returns its segments (times from the first sample fed); none for silence. Feed no more after it.</summary>
    /// <exception cref="Errors.EngineException">The engine failed.</exception>
    IReadOnlyList<Segment> Finish();
}
