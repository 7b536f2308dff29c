using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Engines;

/// <summary>
/// The engines this build knows, and the rule for <c>--engine auto</c>: the available engine with the
/// lowest <see cref="ISpeechEngineProvider.AutoPriority"/> (Whisper when a model is installed, else PocketSphinx).
/// </summary>
public sealed class EngineCatalog
{
    /// <summary>The engine name that means "pick for me".</summary>
    public const string Auto = "auto";

    private readonly IReadOnlyList<ISpeechEngineProvider> _providers;

    public EngineCatalog(IEnumerable<ISpeechEngineProvider> providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        _providers = [.. providers.OrderBy(p => p.AutoPriority)];
    }

    /// <summary>Every known engine, preferred first.</summary>
    public IReadOnlyList<ISpeechEngineProvider> Providers => _providers;

    /// <summary>Engine names accepted on the command line, "auto" first.</summary>
    public IEnumerable<string> Names => [Auto, .. _providers.Select(p => p.Name)];

    /// <summary>Finds the provider for <paramref name="engine"/> ("auto" or a name) and checks that it can load.</summary>
    public ISpeechEngineProvider Resolve(string engine, string? modelPath)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (string.Equals(engine, Auto, StringComparison.OrdinalIgnoreCase))
        {
            var reasons = new List<string>();
            foreach (var provider in _providers)
            {
                if (provider.IsAvailable(modelPath, out string reason))
                {
                    return provider;
                }

                reasons.Add($"{provider.Name}: {reason}");
            }

            throw new EngineException($"no speech engine is available ({string.Join("; ", reasons)})");
        }

        var named = _providers.FirstOrDefault(p => string.Equals(p.Name, engine, StringComparison.OrdinalIgnoreCase))
            ?? throw new EngineException($"unknown engine '{engine}' (known: {string.Join(", ", Names)})");
        if (!named.IsAvailable(modelPath, out string why))
        {
            throw new EngineException($"engine '{named.Name}' is not available: {why}");
        }

        return named;
    }

    /// <summary>Resolves and loads in one step.</summary>
    public async ValueTask<ISpeechEngineFactory> LoadAsync(string engine, string? modelPath, CancellationToken cancellationToken = default) =>
        await Resolve(engine, modelPath).LoadAsync(modelPath, cancellationToken).ConfigureAwait(false);
}
