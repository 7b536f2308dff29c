using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Errors;
using VoiceFlow.PocketSphinx.Interop;

namespace VoiceFlow.PocketSphinx;

/// <summary>Finds and loads the PocketSphinx engine ("pocketsphinx" on the command line).</summary>
/// <param name="options">Engine options applied to every load; null for the defaults.</param>
public sealed class PocketSphinxEngineProvider(PocketSphinxOptions? options = null) : ISpeechEngineProvider
{
    /// <summary>The engine's command-line name.</summary>
    public const string EngineName = "pocketsphinx";

    private readonly PocketSphinxOptions _options = options ?? new PocketSphinxOptions();

    /// <inheritdoc/>
    public string Name => EngineName;

    /// <inheritdoc/>
    public int AutoPriority => 10;

    /// <inheritdoc/>
    public bool IsAvailable(string? modelPath, out string reason)
    {
        if (!PocketSphinxLibrary.TryEnsureLoaded(out reason))
        {
            return false;
        }

        try
        {
            PocketSphinxOptionsValidator.Validate(_options);
            PocketSphinxModelPaths.Resolve(_options, modelPath);
            reason = string.Empty;
            return true;
        }
        catch (EngineException e)
        {
            reason = e.Message;
            return false;
        }
    }

    /// <inheritdoc/>
    public async ValueTask<ISpeechEngineFactory> LoadAsync(string? modelPath, CancellationToken cancellationToken = default)
    {
        // Loading reads ~40 MB of model files: keep it off the caller's thread.
        return await Task.Run(() => PocketSphinxEngineFactory.Load(_options, modelPath), cancellationToken).ConfigureAwait(false);
    }
}
