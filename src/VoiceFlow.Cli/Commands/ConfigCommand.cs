using System.CommandLine;
using VoiceFlow.Cli.Configuration;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Cli.Commands;

/// <summary>
/// <c>voiceflow config show|path|validate|docs</c>, plus the global <c>--config</c>, <c>--performance-mode</c> and
/// <c>--set</c> flags every command shares.
/// </summary>
internal static class ConfigCommand
{
    /// <summary>Adds the global configuration flags and the <c>config</c> command family to <paramref name="root"/>.</summary>
    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        ConfigurationFlags.AddTo(root);
        var config = new Command("config", "Show, locate and check VoiceFlow's configuration.");
        config.Subcommands.Add(CreateShow());
        config.Subcommands.Add(CreatePath());
        config.Subcommands.Add(CreateValidate());
        config.Subcommands.Add(CreateDocs());
        root.Subcommands.Add(config);
    }

    private static Command CreateShow()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON ({\"options\": {key: {value, origin}}}) instead of a table." };
        var show = new Command("show", "Show every effective setting and where it came from (default, preset:NAME, file:PATH, env:NAME, flag:NAME).");
        show.Options.Add(json);
        show.SetAction(parse =>
        {
            EffectiveConfiguration config = ConfigurationFlags.Resolve(parse);
            TextWriter output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                ConfigShowRenderer.WriteJson(config, output);
            }
            else
            {
                ConfigShowRenderer.Write(config, output);
            }

            return 0;
        });
        return show;
    }

    private static Command CreatePath()
    {
        var path = new Command("path", "Print the config file path in use (first line) and whether it exists.");
        path.SetAction(parse =>
        {
            var location = ConfigFileLocation.Find(parse.GetValue(ConfigurationFlags.ConfigFile), CliEnvironment.Variables);
            TextWriter output = parse.InvocationConfiguration.Output;
            if (location.Path is null)
            {
                output.WriteLine("no config file location: neither --config, VOICEFLOW_CONFIG, XDG_CONFIG_HOME nor HOME is set");
                return 1;
            }

            output.WriteLine(location.Path);
            output.WriteLine($"{(location.Exists ? "exists" : "does not exist")} (chosen by {location.ChosenBy})");
            return 0;
        });
        return path;
    }

    private static Command CreateValidate()
    {
        var file = new Argument<string?>("FILE")
        {
            Description = "A config file to check on its own. Without it, the whole effective configuration (file, environment, flags) is checked.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var validate = new Command("validate", "Check a config file, or the effective configuration; prints 'valid' or the one-line error (exit code 3).");
        validate.Arguments.Add(file);
        validate.SetAction(parse =>
        {
            string? path = parse.GetValue(file);
            EffectiveConfiguration config;
            if (path is null)
            {
                config = ConfigurationFlags.Resolve(parse);
            }
            else if (!File.Exists(path))
            {
                throw new ConfigurationException($"config file {Path.GetFullPath(path)} does not exist");
            }
            else
            {
                config = ConfigurationLoader.ValidateFile(path);
            }

            string checkedWhat = config.FilesRead.Count > 0 ? string.Join(", ", config.FilesRead) : "no config file; defaults, environment and flags";
            parse.InvocationConfiguration.Output.WriteLine($"valid: {checkedWhat}");
            return 0;
        });
        return validate;
    }

    private static Command CreateDocs()
    {
        var docs = new Command("docs", "Print the configuration reference (docs/configuration.md) as Markdown.");
        docs.SetAction(parse =>
        {
            parse.InvocationConfiguration.Output.Write(ConfigurationDocumentation.RenderMarkdown());
            return 0;
        });
        return docs;
    }
}
