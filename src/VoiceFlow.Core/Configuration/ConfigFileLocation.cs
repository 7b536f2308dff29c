using VoiceFlow.Core.Platform;

namespace VoiceFlow.Core.Configuration;

/// <summary>Which config file is used and why.</summary>
/// <param name="Path">Full path of the file, or null when no location could be determined (no HOME nor XDG_CONFIG_HOME).</param>
/// <param name="ChosenBy">What chose it: <c>--config</c>, <c>VOICEFLOW_CONFIG</c>, <c>XDG_CONFIG_HOME</c>, <c>HOME</c> or <c>none</c>.</param>
/// <param name="IsExplicit">Whether the user named the file; an explicit file that does not exist is an error.</param>
/// <param name="Exists">Whether the file exists.</param>
public sealed record ConfigFileLocation(string? Path, string ChosenBy, bool IsExplicit, bool Exists)
{
    /// <summary>
    /// Finds the config file: <paramref name="explicitPath"/> (from --config), else VOICEFLOW_CONFIG, else
    /// <c>$XDG_CONFIG_HOME/voiceflow/config.json</c> (when XDG_CONFIG_HOME is absolute, per the XDG spec), else
    /// <c>$HOME/.config/voiceflow/config.json</c>.
    /// </summary>
    public static ConfigFileLocation Find(string? explicitPath, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return Explicit(ExpandHome(explicitPath, environment), "--config");
        }

        if (environment.TryGetValue("VOICEFLOW_CONFIG", out string? fromVariable) && fromVariable.Length > 0)
        {
            return Explicit(ExpandHome(fromVariable, environment), "VOICEFLOW_CONFIG");
        }

        var directories = XdgDirectories.From(environment);
        if (directories.ConfigHome is { } configHome)
        {
            return Default(System.IO.Path.Combine(configHome, "voiceflow", "config.json"), directories.ConfigHomeSource!);
        }

        return new ConfigFileLocation(null, "none", IsExplicit: false, Exists: false);
    }

    /// <summary>Expands a leading <c>~/</c>, which the shell leaves alone in <c>--config=~/x.json</c> and in variables.</summary>
    private static string ExpandHome(string path, IReadOnlyDictionary<string, string> environment) =>
        path.StartsWith("~/", StringComparison.Ordinal) && environment.TryGetValue("HOME", out string? home) && home.Length > 0
            ? System.IO.Path.Combine(home, path[2..])
            : path;

    private static ConfigFileLocation Explicit(string path, string chosenBy)
    {
        string full = System.IO.Path.GetFullPath(path);
        return new ConfigFileLocation(full, chosenBy, IsExplicit: true, File.Exists(full));
    }

    private static ConfigFileLocation Default(string path, string chosenBy) =>
        new(path, chosenBy, IsExplicit: false, File.Exists(path));
}
