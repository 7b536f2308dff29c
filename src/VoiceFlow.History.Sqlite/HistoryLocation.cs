using VoiceFlow.Core.Platform;

namespace VoiceFlow.History.Sqlite;

/// <summary>Where the history database lives: <c>$XDG_DATA_HOME/voiceflow/history.db</c>, else <c>~/.local/share/voiceflow/history.db</c>.</summary>
public static class HistoryLocation
{
    /// <summary>The database file's name.</summary>
    public const string FileName = "history.db";

    /// <summary>
    /// The database path for <paramref name="environment"/>: under XDG_DATA_HOME when it is an absolute path (the XDG
    /// rule: a relative one is ignored), else under HOME; null when neither is usable.
    /// </summary>
    public static string? DefaultPath(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return XdgDirectories.From(environment).VoiceFlowData is { } data ? Path.Combine(data, FileName) : null;
    }

    /// <summary>The folder kept audio goes to: <c>history-audio</c> beside the database.</summary>
    public static string AudioFolder(string databasePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(databasePath))!, "history-audio");
    }
}
