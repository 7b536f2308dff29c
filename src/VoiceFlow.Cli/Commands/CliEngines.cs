using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Engines;
using VoiceFlow.PocketSphinx;

namespace VoiceFlow.Cli.Commands;

/// <summary>The engines this build offers, configured from the effective options.</summary>
internal static class CliEngines
{
    public static EngineCatalog Create(VoiceFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new EngineCatalog([new PocketSphinxEngineProvider()]);
    }
}
