using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Errors;
using VoiceFlow.Whisper.Inference;

namespace VoiceFlow.Whisper.Engine;

/// <summary>
/// The "whisper" engine: available when a ggml model file is given or installed in the models directory.
/// Preferred over PocketSphinx by <c>--engine auto</c> when available.
/// </summary>
public sealed class WhisperEngineProvider : ISpeechEngineProvider
{
    /// <summary>Engine name on the command line.</summary>
    public const string EngineName = "whisper";

    private readonly Func<string, IWhisperModel> _loader;

    /// <param name="loader">Loads a model file (the model half's <c>WhisperModel.Load</c>).</param>
    /// <param name="modelsDirectory">Where installed models live; null for <see cref="WhisperModelLocator.DefaultModelsDirectory"/>.</param>
    public WhisperEngineProvider(Func<string, IWhisperModel> loader, string? modelsDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(loader);
        _loader = loader;
        ModelsDirectory = modelsDirectory ?? WhisperModelLocator.DefaultModelsDirectory();
    }

    public string Name => EngineName;

    /// <summary>5: before PocketSphinx (10) when a Whisper model is installed.</summary>
    public int AutoPriority => 5;

    /// <summary>The directory searched for model names and the default model.</summary>
    public string ModelsDirectory { get; }

    public bool IsAvailable(string? modelPath, out string reason) =>
        WhisperModelLocator.TryResolve(modelPath, ModelsDirectory, out _, out reason);

    public async ValueTask<ISpeechEngineFactory> LoadAsync(string? modelPath, CancellationToken cancellationToken = default)
    {
        if (!WhisperModelLocator.TryResolve(modelPath, ModelsDirectory, out var path, out var reason))
        {
            throw new EngineException(char.ToUpperInvariant(reason[0]) + reason[1..] + ".");
        }

        IWhisperModel model;
        try
        {
            model = await Task.Run(() => _loader(path), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException
                                      or NotSupportedException or OutOfMemoryException or EndOfStreamException)
        {
            throw new EngineException($"Whisper model '{path}' could not be loaded: {e.Message}", e);
        }

        try
        {
            return new WhisperEngineFactory(model, path);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
