namespace VoiceFlow.Core.Platform;

/// <summary>
/// The XDG base directories of one environment (the process's, or the variables a test or the CLI supplies), and
/// VoiceFlow's folders inside them. One rule for every folder: a variable counts only when it holds an absolute path
/// (the XDG specification says relative ones are to be ignored); otherwise the HOME-based default applies.
/// </summary>
public sealed class XdgDirectories
{
    private readonly Func<string, string?> _lookup;
    private readonly string? _fallbackHome;

    private XdgDirectories(Func<string, string?> lookup, string? fallbackHome)
    {
        _lookup = lookup;
        _fallbackHome = fallbackHome;
    }

    /// <summary>
    /// The process's own directories. When HOME is unset the account's home directory (from the user database) stands
    /// in, as every desktop program does.
    /// </summary>
    public static XdgDirectories Process { get; } = new(
        Environment.GetEnvironmentVariable,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } profile && Path.IsPathFullyQualified(profile) ? profile : null);

    /// <summary>The directories of <paramref name="environment"/> alone (nothing falls back to the process's account).</summary>
    public static XdgDirectories From(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new XdgDirectories(name => environment.TryGetValue(name, out string? value) ? value : null, fallbackHome: null);
    }

    /// <summary>The directories of a variable lookup (null: unset); nothing falls back to the process's account.</summary>
    public static XdgDirectories From(Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        return new XdgDirectories(lookup, fallbackHome: null);
    }

    /// <summary>The home directory, or null when HOME is unset (or relative) and no account home stands in.</summary>
    public string? Home => Absolute("HOME") ?? _fallbackHome;

    /// <summary><c>$XDG_DATA_HOME</c>, else <c>~/.local/share</c>; null without either.</summary>
    public string? DataHome => Absolute("XDG_DATA_HOME") ?? (Home is { } home ? Path.Combine(home, ".local", "share") : null);

    /// <summary><c>$XDG_CONFIG_HOME</c>, else <c>~/.config</c>; null without either.</summary>
    public string? ConfigHome => Absolute("XDG_CONFIG_HOME") ?? (Home is { } home ? Path.Combine(home, ".config") : null);

    /// <summary>
    /// <c>$XDG_RUNTIME_DIR</c> (the per-user, 0700 folder of sockets), or null: it has no default, since a socket in a
    /// shared folder such as /tmp would be open to other users' tricks.
    /// </summary>
    public string? RuntimeDirectory => Absolute("XDG_RUNTIME_DIR");

    /// <summary>VoiceFlow's data folder, <c>$XDG_DATA_HOME/voiceflow</c>; null without a data home.</summary>
    public string? VoiceFlowData => DataHome is { } data ? Path.Combine(data, "voiceflow") : null;

    /// <summary>Where installed models live, <c>$XDG_DATA_HOME/voiceflow/models</c>; null without a data home.</summary>
    public string? ModelsDirectory => VoiceFlowData is { } data ? Path.Combine(data, "models") : null;

    /// <summary>Which variable decided <see cref="ConfigHome"/>: <c>XDG_CONFIG_HOME</c>, <c>HOME</c>, or null.</summary>
    public string? ConfigHomeSource => Absolute("XDG_CONFIG_HOME") is not null ? "XDG_CONFIG_HOME" : Home is not null ? "HOME" : null;

    /// <summary>A variable's value when it is set (non-empty), whatever its form.</summary>
    public string? Variable(string name) => _lookup(name) is { Length: > 0 } value ? value : null;

    private string? Absolute(string name) => _lookup(name) is { Length: > 0 } value && Path.IsPathFullyQualified(value) ? value : null;
}
