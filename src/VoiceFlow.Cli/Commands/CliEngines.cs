using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Engines;
using VoiceFlow.PocketSphinx;
using VoiceFlow.Whisper.Engine;
using VoiceFlow.Whisper.Model;

namespace VoiceFlow.Cli.Commands;

/// <summary>The engines this build offers, configured from the effective options.</summary>
internal static class CliEngines
{
    public static EngineCatalog Create(VoiceFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new EngineCatalog([new WhisperEngineProvider(path => WhisperModel.Load(path)), new PocketSphinxEngineProvider()]);
    }
}
