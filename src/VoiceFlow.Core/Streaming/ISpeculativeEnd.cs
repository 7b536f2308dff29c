namespace VoiceFlow.Core.Streaming;

/// <summary>
/// A stream told, in order with its samples, that its input is about to end (a dictation's key was released) while a
/// tail is still recorded: it can start decoding the phrase in progress at once instead of after the tail, and use that
/// decode if the tail holds no speech (<see cref="PhraseCuttingStream"/> over a whole-input engine). Told by
/// <see cref="StreamFeed.MarkEnd"/> on the feeder's thread.
/// </summary>
internal interface ISpeculativeEnd
{
    /// <summary>
    /// Everything fed so far is what was said before the end: start decoding the phrase in progress with it. Its result
    /// is the phrase's text unless the detector hears speech after the audio it decodes (a word still being said at the
    /// end, or a new one in the tail); then it is discarded and the phrase decoded as without it.
    /// </summary>
    void SpeculateToEnd();

    /// <summary>
    /// Whether the last phrase's text came from a decode started after <see cref="SpeculateToEnd"/>: the one it started,
    /// or, that one discarded by a word going on into the tail, the one started at that word's end (known after the
    /// stream finished).
    /// </summary>
    bool EndSpeculationUsed { get; }
}
