namespace VoiceFlow.Core.Engines;

/// <summary>
/// Knows how to find and load one kind of engine. The CLI and server hold a list of providers and
/// resolve <c>--engine auto</c> by asking each whether it is available.
/// </summary>
public interface ISpeechEngineProvider
{
    /// <summary>Name as used on the command line.</summary>
    string Name { get; }

    /// <summary>Order for <c>auto</c>: lower is preferred when available.</summary>
    int AutoPriority { get; }

    /// <summary>Checks whether the engine can be loaded with <paramref name="modelPath"/> (or its default model).</summary>
    /// <param name="modelPath">A model path or name given by the user, or null for the engine's default.</param>
    /// <param name="reason">When unavailable: a one-line cause naming what is missing and how to get it.</param>
    bool IsAvailable(string? modelPath, out string reason);

    /// <summary>Loads the model. Throws <see cref="Errors.EngineException"/> with a clear cause on failure.</summary>
    ValueTask<ISpeechEngineFactory> LoadAsync(string? modelPath, CancellationToken cancellationToken = default);
}
