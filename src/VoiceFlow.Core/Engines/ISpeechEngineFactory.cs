namespace VoiceFlow.Core.Engines;

/// <summary>
/// Owns a loaded model (expensive, loaded once, shared read-only) and creates processors over it.
/// Thread-safe. <see cref="IAsyncDisposable.DisposeAsync"/> waits for running processors' jobs to finish.
/// </summary>
public interface ISpeechEngineFactory : IAsyncDisposable
{
    /// <summary>Engine name as used on the command line ("pocketsphinx", "whisper").</summary>
    string EngineName { get; }

    /// <summary>Model name or path as shown to users.</summary>
    string ModelName { get; }

    /// <summary>Whether processors from this factory may run at the same time on one model.</summary>
    bool SupportsConcurrentProcessors { get; }

    /// <summary>
    /// Longest speech the engine should get in one call: the service splits longer speech at silences.
    /// Null: the engine windows long audio itself (Whisper's 30 s seek windows) and gets the whole input
    /// unchanged whenever it holds speech.
    /// </summary>
    TimeSpan? MaxChunkDuration => TimeSpan.FromSeconds(25);

    /// <summary>ISO 639-1 codes of the languages the loaded model recognises (what a server advertises); empty when unknown.</summary>
    IReadOnlyList<string> Languages => [];

    /// <summary>Starts describing a processor: <c>factory.CreateBuilder().WithLanguage("en").Build()</c>.</summary>
    SpeechProcessorBuilder CreateBuilder() => new(this);

    /// <summary>
    /// A stream that decodes one utterance while it is captured, for an engine that can (an incremental decoder such as
    /// PocketSphinx); null when the engine cannot, or has no decoder free now (the caller then decodes the whole
    /// recording as a job). The stream's text equals the engine's text for the same samples given at once up to what
    /// the engine's own streaming changes (PocketSphinx: a running cepstral mean instead of the utterance's).
    /// </summary>
    /// <exception cref="Errors.UnsupportedRequestException">An option the engine cannot honour (another language).</exception>
    ISpeechStream? TryOpenStream(TranscriptionOptions options) => null;

    /// <summary>Creates a processor with the given options; throws <see cref="Errors.EngineException"/> on an invalid option.</summary>
    ISpeechProcessor CreateProcessor(TranscriptionOptions options);
}
