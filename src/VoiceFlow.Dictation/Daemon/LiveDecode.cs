using Microsoft.Extensions.Logging;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Streaming;
using VoiceFlow.Core.Transcription;

namespace VoiceFlow.Dictation.Daemon;

/// <summary>
/// Decodes a dictation while it is recorded, so <c>end</c> only waits for the tail and the end of the search, not for
/// a decode of everything said. With a phrase pause, the recording is cut at pauses and each phrase finished while the
/// user goes on (<see cref="TranscriptionService.TryOpenStream(TranscriptionOptions, TimeSpan, bool, TimeSpan)"/>): PocketSphinx ends its
/// utterance there, Whisper decodes the phrase, so <c>end</c> leaves only the last phrase (with speculation, a Whisper
/// phrase already starts decoding at a shorter pause, so a user who pauses before <c>end</c> finds it under way, and the
/// last one at <c>end</c> itself, beside the tail: <see cref="MarkEnd"/>). The recorder hands every
/// sample it keeps to <see cref="Write"/> (on the capture thread: a copy, nothing more); a <see cref="StreamFeed"/> feeds
/// the engine's stream on a thread of its own, the whole feed being one use of the model (an idle release never takes it
/// from under an open stream; a released model is loaded first, the blocks wait meanwhile). Whatever goes wrong,
/// <see cref="FinishAsync"/> returns null and the pipeline decodes the whole recording as it always did.
/// </summary>
internal sealed class LiveDecode : IDisposable
{
    private readonly StreamFeed _feed;

    /// <param name="model">The daemon's model (a released one is loaded first).</param>
    /// <param name="engine">The job's engine options.</param>
    /// <param name="phrasePause">The pause that ends a phrase (phrase_pause_ms), finished while the user goes on; zero for none.</param>
    /// <param name="speculativePause">A pause after which a Whisper phrase starts decoding (speculative_pause_ms); zero for none, which also turns off the decode started at <c>end</c>.</param>
    /// <param name="logger">Says why a dictation was decoded after all; null for none.</param>
    public LiveDecode(DictationModel model, TranscriptionOptions engine, TimeSpan phrasePause, TimeSpan speculativePause, ILogger? logger) =>
        _feed = new StreamFeed(feed => model.UseAsync(service => feed(service.TryOpenStream(engine, phrasePause, speculativePause: speculativePause))), logger);

    /// <summary>The next samples of the recording (called under the recorder's lock: copies only).</summary>
    public void Write(ReadOnlySpan<float> samples) => _feed.Write(samples);

    /// <summary>
    /// The key was released (called under the recorder's lock, in order with the samples): a Whisper phrase in progress
    /// starts decoding now, while the tail is recorded, and that decode is its text if the tail holds no speech.
    /// </summary>
    public void MarkEnd() => _feed.MarkEnd();

    /// <summary>Whether the last phrase's text came from the decode started at <see cref="MarkEnd"/> (after <see cref="FinishAsync"/>).</summary>
    public bool EndSpeculationUsed => _feed.EndSpeculationUsed;

    /// <summary>
    /// After the recording's last sample was written: feeds what is still queued, ends the search and returns the
    /// segments (times from the recording's start); null when the recording must be decoded as a whole instead.
    /// </summary>
    public Task<IReadOnlyList<Segment>?> FinishAsync() => _feed.FinishAsync();

    /// <summary>Abandons the decode (a cancelled or failed dictation); the stream's decoder goes back to the engine.</summary>
    public void Dispose() => _feed.Dispose();
}
