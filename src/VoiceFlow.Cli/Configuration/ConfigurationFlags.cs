using System.CommandLine;
using VoiceFlow.Core.Configuration;

namespace VoiceFlow.Cli.Configuration;

/// <summary>
/// The global configuration flags (<c>--config</c>, <c>--performance-mode</c>, <c>--set</c>) and the one call every
/// command uses to get its effective configuration.
/// </summary>
internal static class ConfigurationFlags
{
    /// <summary><c>--config PATH</c>: the config file to use instead of the default location; it must exist.</summary>
    public static readonly Option<string?> ConfigFile = new("--config")
    {
        Description = "Config file to use instead of $XDG_CONFIG_HOME/voiceflow/config.json (~/.config/voiceflow/config.json).",
        HelpName = "PATH",
        Recursive = true,
    };

    /// <summary><c>--performance-mode NAME</c>: the preset applied beneath explicit settings.</summary>
    public static readonly Option<string?> PerformanceMode = new("--performance-mode")
    {
        Description = "Preset applied beneath explicit settings: safe, balanced or speed.",
        HelpName = "safe|balanced|speed",
        Recursive = true,
    };

    /// <summary><c>--set KEY=VALUE</c>, repeatable: any option by its key.</summary>
    public static readonly Option<string[]> Set = new("--set")
    {
        Description = "Set any option, e.g. --set beam_size=1 (repeatable; see 'voiceflow config show' for keys).",
        HelpName = "KEY=VALUE",
        Recursive = true,
        Arity = ArgumentArity.OneOrMore,
    };

    static ConfigurationFlags()
    {
        PerformanceMode.CompletionSources.Add(PerformancePresets.All.Select(p => p.Name).ToArray());
        Set.CompletionSources.Add(VoiceFlowOptionRegistry.All.Select(o => o.Key + "=").ToArray());
    }

    /// <summary>Adds the global flags to the root command.</summary>
    public static void AddTo(RootCommand root)
    {
        root.Options.Add(ConfigFile);
        root.Options.Add(PerformanceMode);
        root.Options.Add(Set);
    }

    /// <summary>
    /// The effective configuration for this command line: file, environment, then <c>--performance-mode</c>,
    /// <c>--set</c> and finally <paramref name="overrides"/> (a command's own typed flags, e.g.
    /// <c>ConfigSetting.From("beam_size", 1, "--beam-size")</c>). Warnings go to the run's error writer.
    /// </summary>
    /// <exception cref="Core.Errors.ConfigurationException">Any source is invalid: the command must not start.</exception>
    public static EffectiveConfiguration Resolve(ParseResult parse, params IEnumerable<ConfigSetting> overrides)
    {
        ArgumentNullException.ThrowIfNull(parse);
        EffectiveConfiguration config = ConfigurationLoader.Load(CreateRequest(parse, overrides));
        foreach (string warning in config.Warnings)
        {
            parse.InvocationConfiguration.Error.WriteLine($"voiceflow: warning: {warning}");
        }

        return config;
    }

    /// <summary>
    /// A command's own typed flag as an override of <paramref name="key"/>, only when the user gave it (so the flag's
    /// default never hides a file or environment value). The value is the text typed (a bare boolean flag is
    /// <c>true</c>), validated by the option registry with errors naming the flag. Usage:
    /// <c>ConfigurationFlags.Resolve(parse, [.. Given(parse, beamSize, "beam_size"), .. Given(parse, model, "model")])</c>.
    /// </summary>
    public static IEnumerable<ConfigSetting> Given(ParseResult parse, Option flag, string key)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(flag);
        if (parse.GetResult(flag) is not { Implicit: false } result)
        {
            return [];
        }

        string text = result.Tokens.Count == 0 ? "true" : result.Tokens[^1].Value;
        return [new ConfigSetting(key, text, flag.Name)];
    }

    /// <summary>The loader request this command line describes.</summary>
    public static ConfigurationRequest CreateRequest(ParseResult parse, IEnumerable<ConfigSetting>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var settings = new List<ConfigSetting>();
        if (parse.GetValue(PerformanceMode) is { } mode)
        {
            settings.Add(new ConfigSetting("performance_mode", mode, "--performance-mode"));
        }

        settings.AddRange((parse.GetValue(Set) ?? []).Select(s => ConfigSetting.Parse(s, "--set")));
        settings.AddRange(overrides ?? []);
        return new ConfigurationRequest
        {
            ConfigFile = parse.GetValue(ConfigFile),
            Environment = CliEnvironment.Variables,
            CommandLine = settings,
        };
    }
}
