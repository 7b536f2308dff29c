using VoiceFlow.Core.Configuration;

namespace VoiceFlow.Hosting.Options;

/// <summary>Which engine and model to load.</summary>
/// <param name="Engine">engine: "auto", "pocketsphinx" or "whisper".</param>
/// <param name="Model">model: a path or name; null for the engine's default.</param>
public sealed record EngineSelection(string Engine = "auto", string? Model = null)
{
    /// <summary>The selection the configuration asks for.</summary>
    public static EngineSelection From(VoiceFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new EngineSelection(options.Engine, options.Model);
    }
}
