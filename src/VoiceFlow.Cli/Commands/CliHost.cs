using System.CommandLine;
using VoiceFlow.Cli.Configuration;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Hosting;

namespace VoiceFlow.Cli.Commands;

/// <summary>The composition root for one command run: its configuration, the CLI's environment, its verbosity and stdout.</summary>
internal static class CliHost
{
    /// <summary>A host for <paramref name="configuration"/> (dispose it when the command ends).</summary>
    public static VoiceFlowHost Create(ParseResult parse, EffectiveConfiguration configuration) =>
        VoiceFlowHost.Create(configuration, CliEnvironment.Variables, CliApplication.VerbosityOf(parse), parse.InvocationConfiguration.Output);
}
