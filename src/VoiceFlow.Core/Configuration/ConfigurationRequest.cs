using System.Collections;

namespace VoiceFlow.Core.Configuration;

/// <summary>Everything <see cref="ConfigurationLoader.Load(ConfigurationRequest)"/> reads, passed in so tests control it all.</summary>
public sealed record ConfigurationRequest
{
    /// <summary>An explicit config file (<c>--config</c>); it must exist. Null uses VOICEFLOW_CONFIG or the default location.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>The environment variables to read (VOICEFLOW_*, XDG_CONFIG_HOME, HOME). Empty by default.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Command-line overrides, lowest priority first (a later setting of the same key wins).</summary>
    public IReadOnlyList<ConfigSetting> CommandLine { get; init; } = [];

    /// <summary>A snapshot of this process's environment variables.</summary>
    public static IReadOnlyDictionary<string, string> ProcessEnvironment()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                variables[name] = value;
            }
        }

        return variables;
    }
}
