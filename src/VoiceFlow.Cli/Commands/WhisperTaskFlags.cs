using System.CommandLine;
using VoiceFlow.Core.Configuration;

namespace VoiceFlow.Cli.Commands;

/// <summary><c>transcribe</c>'s Whisper task flag: <c>--translate</c> (the configuration key <c>task</c>).</summary>
internal sealed class WhisperTaskFlags
{
    public Option<bool> Translate { get; } = new("--translate")
    {
        Description = "Translate the speech into English text (multilingual Whisper models; same as task = translate).",
    };

    public void AddTo(Command command) => command.Options.Add(Translate);

    /// <summary><c>--translate</c> as an override of the key <c>task</c>, so <c>config show</c> and validation see it.</summary>
    public IEnumerable<ConfigSetting> Overrides(ParseResult parse) =>
        parse.GetValue(Translate) ? [new ConfigSetting("task", "translate", Translate.Name)] : [];
}
