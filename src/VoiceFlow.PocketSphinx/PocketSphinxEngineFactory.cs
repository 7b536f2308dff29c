using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.PocketSphinx;

/// <summary>
/// A loaded PocketSphinx model. Creating the factory loads one decoder (the model load cost is paid here,
/// once); processors borrow decoders per job, and a second decoder is loaded only when jobs overlap.
/// </summary>
public sealed class PocketSphinxEngineFactory : ISpeechEngineFactory
{
    private readonly DecoderPool _pool;
    private int _disposed;

    private PocketSphinxEngineFactory(PocketSphinxOptions options, PocketSphinxModelPaths paths, DecoderPool pool)
    {
        Options = options;
        Paths = paths;
        _pool = pool;
    }

    /// <inheritdoc/>
    public string EngineName => PocketSphinxEngineProvider.EngineName;

    /// <inheritdoc/>
    public string ModelName => Paths.AcousticModel;

    /// <summary>The one language the acoustic model and dictionary recognise.</summary>
    public IReadOnlyList<string> Languages => [Options.Language];

    /// <inheritdoc/>
    public bool SupportsConcurrentProcessors => true;

    /// <summary>The options the model was loaded with.</summary>
    public PocketSphinxOptions Options { get; }

    /// <summary>The files the decoders were built from.</summary>
    public PocketSphinxModelPaths Paths { get; }

    /// <summary>Decoders (model copies) loaded so far; grows only when jobs run at the same time.</summary>
    public int LoadedDecoders => _pool.Created;

    /// <summary>Starts describing a processor: <c>factory.CreateBuilder().WithLanguage("en").Build()</c>.</summary>
    public SpeechProcessorBuilder CreateBuilder() => new(this);

    /// <summary>Validates <paramref name="options"/>, finds the model files and loads the first decoder.</summary>
    /// <param name="options">Engine options; null for the defaults.</param>
    /// <param name="modelPath">Model directory overriding <see cref="PocketSphinxOptions.ModelDirectory"/>.</param>
    public static PocketSphinxEngineFactory Load(PocketSphinxOptions? options = null, string? modelPath = null)
    {
        options ??= new PocketSphinxOptions();
        PocketSphinxOptionsValidator.Validate(options);
        var paths = PocketSphinxModelPaths.Resolve(options, modelPath);
        var maxDecoders = options.MaxDecoders == 0 ? Environment.ProcessorCount : options.MaxDecoders;
        var pool = new DecoderPool(() => NativeDecoder.Create(options, paths), maxDecoders);
        return new PocketSphinxEngineFactory(options, paths, pool);
    }

    /// <inheritdoc/>
    public ISpeechProcessor CreateProcessor(TranscriptionOptions options)
    {
        CheckRequest(options);
        return new PocketSphinxProcessor(options, _pool);
    }

    /// <summary>A stream on a free decoder (decoding while the user speaks); null when every decoder is busy.</summary>
    public ISpeechStream? TryOpenStream(TranscriptionOptions options)
    {
        CheckRequest(options);
        return PocketSphinxStream.TryOpen(_pool, options);
    }

    private void CheckRequest(TranscriptionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!string.Equals(options.Language, "auto", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(options.Language, Options.Language, StringComparison.OrdinalIgnoreCase))
        {
            throw new UnsupportedRequestException(
                $"PocketSphinx model '{ModelName}' recognises language '{Options.Language}' only; language '{options.Language}' was asked for", "language");
        }

        if (options.Translate)
        {
            throw new UnsupportedRequestException("PocketSphinx cannot translate: remove the translate option or use the whisper engine", "translate");
        }
    }

    /// <summary>Waits for running jobs, then frees every decoder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        var drained = _pool.WhenDrainedAsync();
        _pool.Dispose();
        await drained.ConfigureAwait(false);
    }
}
