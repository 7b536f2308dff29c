using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Configuration;

/// <summary>
/// One command-line override: a key (snake_case; dashes for underscores and any case are accepted), its value as text, and the
/// flag that gave it (shown in provenance and errors).
/// </summary>
/// <param name="Key">The option key, e.g. <c>beam_size</c>.</param>
/// <param name="Value">The value as typed; an empty value unsets a nullable option.</param>
/// <param name="Flag">The flag, e.g. <c>--set</c> or <c>--beam-size</c>.</param>
public sealed record ConfigSetting(string Key, string Value, string Flag)
{
    /// <summary>Reads a <c>KEY=VALUE</c> argument of <paramref name="flag"/>.</summary>
    /// <exception cref="ConfigurationException">The text has no '=' or an empty key.</exception>
    public static ConfigSetting Parse(string assignment, string flag = "--set")
    {
        ArgumentNullException.ThrowIfNull(assignment);
        int equals = assignment.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new ConfigurationException($"flag {flag}: '{assignment}' is not KEY=VALUE; allowed: a known key, '=', a value (e.g. {flag} beam_size=1)");
        }

        return new ConfigSetting(assignment[..equals].Trim(), assignment[(equals + 1)..], flag);
    }

    /// <summary>A typed override from a command's own flag, formatted as users would type it.</summary>
    public static ConfigSetting From<T>(string key, T value, string flag) =>
        new(key, value is null ? "" : OptionDescriptor.FormatValue(value), flag);
}
