using System.CommandLine;
using VoiceFlow.Cli.Configuration;
using VoiceFlow.Core.Configuration;

namespace VoiceFlow.Cli.Commands;

/// <summary>
/// <c>transcribe</c>'s Whisper flags for what comes out: <c>--translate</c> (configuration key <c>task</c>),
/// <c>--word-timestamps</c> (<c>word_timestamps</c>) and <c>--alignment-heads</c> (<c>alignment_heads</c>).
/// </summary>
internal sealed class WhisperTaskFlags
{
    public Option<bool> Translate { get; } = new("--translate")
    {
        Description = "Translate the speech into English text (multilingual Whisper models; same as task = translate).",
    };

    public Option<bool> WordTimestamps { get; } = new("--word-timestamps")
    {
        Description = "Align every word to the audio (Whisper: cross-attention DTW); json lists words with their times.",
    };

    public Option<string?> AlignmentHeads { get; } = new("--alignment-heads")
    {
        Description = "Whisper heads for --word-timestamps: auto, top-half, a preset (base.en, large-v3-turbo, ...) or layer:head pairs (2:4,3:3).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Translate);
        command.Options.Add(WordTimestamps);
        command.Options.Add(AlignmentHeads);
    }

    /// <summary>The flags as overrides of their configuration keys, so <c>config show</c> and validation see them.</summary>
    public IEnumerable<ConfigSetting> Overrides(ParseResult parse)
    {
        IEnumerable<ConfigSetting> settings = [.. ConfigurationFlags.Given(parse, AlignmentHeads, "alignment_heads")];
        if (parse.GetValue(Translate))
        {
            settings = [.. settings, new ConfigSetting("task", "translate", Translate.Name)];
        }

        if (parse.GetValue(WordTimestamps))
        {
            settings = [.. settings, new ConfigSetting("word_timestamps", "true", WordTimestamps.Name)];
        }

        return settings;
    }
}
