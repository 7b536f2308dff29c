using System.CommandLine;
using VoiceFlow.Cli.Configuration;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Engines;

namespace VoiceFlow.Cli.Commands;

/// <summary>The engine and decoding flags shared by <c>transcribe</c>, <c>bench</c> and <c>quality</c>.</summary>
internal sealed class EngineFlags
{
    public Option<string?> Engine { get; } = new("--engine", "-e") { Description = "auto, pocketsphinx or whisper (auto: Whisper when a model is installed, else PocketSphinx)." };

    public Option<string?> Model { get; } = new("--model", "-m") { Description = "Model file or name (Whisper: a ggml-*.bin file)." };

    public Option<string?> Language { get; } = new("--language", "-l") { Description = "Spoken language (ISO 639-1, e.g. en), or auto to detect (multilingual Whisper models)." };

    public Option<int?> Threads { get; } = new("--threads", "-t") { Description = "Threads per job (0: one per core)." };

    public Option<int?> BeamSize { get; } = new("--beam-size") { Description = "Beam width (1: greedy)." };

    public Option<int?> BestOf { get; } = new("--best-of") { Description = "Candidates per temperature when sampling." };

    public Option<bool> NoFallback { get; } = new("--no-fallback") { Description = "Do not retry at higher temperatures when a decode looks degenerate." };

    public Option<bool> NoTimestamps { get; } = new("--no-timestamps") { Description = "Decode without timestamps (one untimed segment per window)." };

    public Option<bool> TokenTimestamps { get; } = new("--token-timestamps") { Description = "Compute a time for every token (Whisper)." };

    public Option<string?> Prompt { get; } = new("--prompt") { Description = "Initial prompt: words or spelling the recogniser should expect." };

    public void AddTo(Command command)
    {
        command.Options.Add(Engine);
        command.Options.Add(Model);
        command.Options.Add(Language);
        command.Options.Add(Threads);
        command.Options.Add(BeamSize);
        command.Options.Add(BestOf);
        command.Options.Add(NoFallback);
        command.Options.Add(NoTimestamps);
        command.Options.Add(TokenTimestamps);
        command.Options.Add(Prompt);
    }

    /// <summary>The flags that are also configuration keys, as overrides (so `config show` and validation see them).</summary>
    public IEnumerable<ConfigSetting> Overrides(ParseResult parse)
    {
        IEnumerable<ConfigSetting> settings =
        [
            .. ConfigurationFlags.Given(parse, Engine, "engine"),
            .. ConfigurationFlags.Given(parse, Model, "model"),
            .. ConfigurationFlags.Given(parse, Language, "language"),
            .. ConfigurationFlags.Given(parse, Threads, "threads"),
            .. ConfigurationFlags.Given(parse, BeamSize, "beam_size"),
            .. ConfigurationFlags.Given(parse, BestOf, "best_of"),
            .. ConfigurationFlags.Given(parse, Prompt, "prompt"),
        ];
        return parse.GetValue(NoFallback)
            ? [.. settings, new ConfigSetting("temperature_fallback", "false", NoFallback.Name)]
            : settings;
    }

    /// <summary>Per-job engine options: the configuration's, plus the timestamp flags that are per run only.</summary>
    /// <param name="parse">The command line.</param>
    /// <param name="configured">The configuration's decoding options (the host's <c>Components.Decoding</c>).</param>
    public TranscriptionOptions TranscriptionOptions(ParseResult parse, TranscriptionOptions configured) =>
        configured with
        {
            Timestamps = !parse.GetValue(NoTimestamps),
            TokenTimestamps = parse.GetValue(TokenTimestamps),
        };
}
