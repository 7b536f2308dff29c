namespace VoiceFlow.Core.Streaming;

/// <summary>
/// A phrase stream that can start decoding the phrase in progress before its pause is long enough to end it (a
/// Whisper phrase, decoded as a whole input): if no speech comes after, the phrase's end (or the stream's) takes that
/// decode's result instead of starting one then. Driven by <see cref="PhraseCuttingStream"/>, which hears the pauses.
/// </summary>
internal interface ISpeculativePhrases
{
    /// <summary>
    /// Starts decoding, in the background, everything fed since the last phrase ended, as the phrase it will be if
    /// nothing but silence follows (at most one speculation at a time: a new one replaces the old).
    /// </summary>
    void Speculate();

    /// <summary>Speech came after the speculation point: its decode is cancelled and its result never used.</summary>
    void DiscardSpeculation();
}
