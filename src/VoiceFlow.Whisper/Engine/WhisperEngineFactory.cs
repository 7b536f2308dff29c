using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Errors;
using VoiceFlow.Whisper.Inference;
using VoiceFlow.Whisper.Text;

namespace VoiceFlow.Whisper.Engine;

/// <summary>
/// Owns a loaded Whisper model and creates processors over it. Processors may run at the same time (each job has
/// its own decoder states); <see cref="DisposeAsync"/> waits for running jobs before releasing the model.
/// </summary>
public sealed class WhisperEngineFactory : ISpeechEngineFactory
{
    private readonly Lock _gate = new();
    private int _activeJobs;
    private bool _disposed;
    private TaskCompletionSource? _drained;

    public WhisperEngineFactory(IWhisperModel model, string modelName)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(modelName);
        Model = model;
        ModelName = modelName;
        Vocabulary = new WhisperVocabulary(model.TokenBytes, model.HyperParameters);
    }

    public string EngineName => WhisperEngineProvider.EngineName;

    public string ModelName { get; }

    public bool SupportsConcurrentProcessors => true;

    /// <summary>Every language of a multilingual model's vocabulary; English for an English-only model.</summary>
    public IReadOnlyList<string> Languages => Vocabulary.IsMultilingual
        ? [.. Enumerable.Range(0, Math.Min(Vocabulary.LanguageCount, Text.WhisperLanguages.Count)).Select(Text.WhisperLanguages.Code)]
        : ["en"];

    /// <summary>Null: Whisper windows long audio itself (30 s seek windows), so it gets the whole input.</summary>
    public TimeSpan? MaxChunkDuration => null;

    /// <summary>The loaded model.</summary>
    public IWhisperModel Model { get; }

    /// <summary>The model's token ids.</summary>
    public WhisperVocabulary Vocabulary { get; }

    /// <summary>Starts describing a processor: <c>factory.CreateBuilder().WithLanguage("en").Build()</c>.</summary>
    public SpeechProcessorBuilder CreateBuilder() => new(this);

    public ISpeechProcessor CreateProcessor(TranscriptionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var decoding = WhisperOptionsMapper.Map(options, Vocabulary);
        Decoding.WhisperOptionsValidator.ValidateAlignment(decoding, Model.HyperParameters);
        return new WhisperSpeechProcessor(this, options, decoding);
    }

    public async ValueTask DisposeAsync()
    {
        Task wait;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_activeJobs == 0)
            {
                _drained.SetResult();
            }

            wait = _drained.Task;
        }

        await wait.ConfigureAwait(false);
        Model.Dispose();
    }

    /// <summary>Registers a job; fails once the factory is being disposed.</summary>
    internal void BeginJob()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                throw new EngineException("The Whisper engine is shutting down; no new transcription can start.");
            }

            _activeJobs++;
        }
    }

    internal void EndJob()
    {
        lock (_gate)
        {
            _activeJobs--;
            if (_activeJobs == 0)
            {
                _drained?.TrySetResult();
            }
        }
    }
}
