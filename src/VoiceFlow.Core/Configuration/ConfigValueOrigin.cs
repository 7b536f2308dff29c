namespace VoiceFlow.Core.Configuration;

/// <summary>Which layer of the configuration a value came from.</summary>
public enum ConfigSourceKind
{
    /// <summary>The built-in default in <see cref="VoiceFlowOptions"/>.</summary>
    Default,

    /// <summary>A <c>performance_mode</c> preset.</summary>
    Preset,

    /// <summary>A JSON configuration file.</summary>
    File,

    /// <summary>A <c>VOICEFLOW_*</c> environment variable.</summary>
    Environment,

    /// <summary>A command-line flag.</summary>
    CommandLine,
}

/// <summary>
/// Where one effective value came from. <see cref="ToString"/> gives the compact form shown by
/// <c>voiceflow config show</c> (<c>default</c>, <c>preset:speed</c>, <c>file:/path</c>, <c>env:VOICEFLOW_X</c>,
/// <c>flag:--set</c>); <see cref="Describe"/> gives the form used at the start of error messages.
/// </summary>
/// <param name="Kind">The layer.</param>
/// <param name="Name">The preset name, file path, environment variable or flag; null for defaults.</param>
/// <param name="Note">Why the value was forced, e.g. by the optimization rollback; null when it was not.</param>
public sealed record ConfigValueOrigin(ConfigSourceKind Kind, string? Name, string? Note = null)
{
    /// <summary>The built-in default.</summary>
    public static ConfigValueOrigin Default { get; } = new(ConfigSourceKind.Default, null);

    public static ConfigValueOrigin Preset(string name) => new(ConfigSourceKind.Preset, name);

    public static ConfigValueOrigin File(string path) => new(ConfigSourceKind.File, path);

    public static ConfigValueOrigin Environment(string variable) => new(ConfigSourceKind.Environment, variable);

    public static ConfigValueOrigin CommandLine(string flag) => new(ConfigSourceKind.CommandLine, flag);

    /// <summary>Compact provenance: <c>default</c>, <c>preset:NAME</c>, <c>file:PATH</c>, <c>env:NAME</c> or <c>flag:NAME</c>.</summary>
    public override string ToString()
    {
        string origin = Kind switch
        {
            ConfigSourceKind.Default => "default",
            ConfigSourceKind.Preset => $"preset:{Name}",
            ConfigSourceKind.File => $"file:{Name}",
            ConfigSourceKind.Environment => $"env:{Name}",
            _ => $"flag:{Name}",
        };
        return Note is null ? origin : $"{origin} ({Note})";
    }

    /// <summary>The source as the first words of an error message ("config file /x.json", "environment variable VOICEFLOW_X").</summary>
    public string Describe() => Kind switch
    {
        ConfigSourceKind.Default => "built-in defaults",
        ConfigSourceKind.Preset => $"performance_mode preset '{Name}'",
        ConfigSourceKind.File => $"config file {Name}",
        ConfigSourceKind.Environment => $"environment variable {Name}",
        _ => $"flag {Name}",
    };
}
