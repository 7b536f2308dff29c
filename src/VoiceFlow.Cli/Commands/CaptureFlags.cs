using System.CommandLine;
using VoiceFlow.Cli.Configuration;
using VoiceFlow.Core.Configuration;

namespace VoiceFlow.Cli.Commands;

/// <summary>The capture flags of <c>devices</c> and <c>listen</c>: which PulseAudio server and source.</summary>
internal sealed class CaptureFlags
{
    public Option<string?> Source { get; } = new("--source", "-s") { Description = "Capture source name (see 'voiceflow devices'); default: the server's default source.", HelpName = "NAME" };

    public Option<string?> Server { get; } = new("--server") { Description = "PulseAudio server address, e.g. unix:/run/user/1000/pulse/native; default: PULSE_SERVER or the session's server.", HelpName = "ADDRESS" };

    public void AddTo(Command command, bool withSource = true)
    {
        if (withSource)
        {
            command.Options.Add(Source);
        }

        command.Options.Add(Server);
    }

    /// <summary>The flags as configuration overrides (capture_source, pulse_server).</summary>
    public IEnumerable<ConfigSetting> Overrides(ParseResult parse) =>
        [.. ConfigurationFlags.Given(parse, Source, "capture_source"), .. ConfigurationFlags.Given(parse, Server, "pulse_server")];
}
