using VoiceFlow.Core.Platform;

namespace VoiceFlow.Dictation;

/// <summary>
/// Where the daemon keeps its socket and its pending recordings, from the XDG variables of one environment
/// (the process's, or a test's).
/// </summary>
public sealed record DictationPaths
{
    /// <summary>Folder holding the socket and the single-instance lock (mode 0700).</summary>
    public required string RuntimeDirectory { get; init; }

    /// <summary>Folder of recordings written before transcription and removed once in history.</summary>
    public required string PendingDirectory { get; init; }

    /// <summary>The Unix socket clients connect to (mode 0600).</summary>
    public string SocketPath => Path.Combine(RuntimeDirectory, "dictation.sock");

    /// <summary>Held (flock) by the running daemon; the kernel releases it when the daemon dies, even by kill -9.</summary>
    public string LockPath => Path.Combine(RuntimeDirectory, "dictation.lock");

    /// <summary>
    /// <c>$XDG_RUNTIME_DIR/voiceflow</c> and <c>$XDG_DATA_HOME/voiceflow/pending</c> (data home defaults to
    /// <c>~/.local/share</c>). There is no fallback for the runtime directory: a socket in a shared folder such as
    /// /tmp would be open to other users' tricks (pre-created folders, symlinks), so an unset variable is an error.
    /// </summary>
    /// <param name="environment">Looks up an environment variable; null when unset.</param>
    /// <exception cref="DictationException">XDG_RUNTIME_DIR is unset or not an absolute path.</exception>
    public static DictationPaths FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return From(XdgDirectories.From(environment));
    }

    /// <summary>Paths inside <paramref name="directories"/>.</summary>
    /// <exception cref="DictationException">XDG_RUNTIME_DIR is unset or not an absolute path, or there is no data folder.</exception>
    public static DictationPaths From(XdgDirectories directories)
    {
        ArgumentNullException.ThrowIfNull(directories);
        string runtime = directories.RuntimeDirectory ?? throw new DictationException(
            "XDG_RUNTIME_DIR is not set (or not an absolute path): the dictation socket lives in the per-user runtime directory; " +
            "log in through a session that sets it, or export XDG_RUNTIME_DIR=/run/user/$(id -u)");
        string data = directories.VoiceFlowData ?? throw new DictationException(
            "neither XDG_DATA_HOME nor HOME is set to an absolute path: pending recordings need a data folder");
        return new DictationPaths
        {
            RuntimeDirectory = Path.Combine(runtime, "voiceflow"),
            PendingDirectory = Path.Combine(data, "pending"),
        };
    }

    /// <summary>Paths from the process's environment.</summary>
    public static DictationPaths FromProcessEnvironment() => From(XdgDirectories.Process);
}
