using Microsoft.Extensions.Logging;

namespace VoiceFlow.Dictation.Ipc;

/// <summary>
/// Makes sure one daemon per user serves the socket. A daemon that answers on the socket wins; otherwise the
/// lock file decides (an exclusive flock that the kernel drops when its holder dies, even by kill -9); the holder
/// of the lock removes a socket file nobody answers on (left by a crashed daemon).
/// </summary>
internal sealed class SingleInstanceLock : IDisposable
{
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly FileStream _lock;

    private SingleInstanceLock(FileStream lockFile) => _lock = lockFile;

    /// <summary>Takes the lock for <paramref name="paths"/>, removing a stale socket.</summary>
    /// <exception cref="DaemonAlreadyRunningException">Another daemon answers on the socket or holds the lock.</exception>
    /// <exception cref="DictationException">The runtime folder is not private to this user.</exception>
    public static async Task<SingleInstanceLock> AcquireAsync(DictationPaths paths, ILogger? logger)
    {
        EnsurePrivateDirectory(paths.RuntimeDirectory);
        await ThrowIfRunningAsync(paths).ConfigureAwait(false);

        FileStream lockFile;
        try
        {
            // FileShare.None takes flock(LOCK_EX | LOCK_NB) on Linux.
            lockFile = new FileStream(paths.LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new DaemonAlreadyRunningException(
                $"another dictation daemon holds {paths.LockPath} but does not answer on {paths.SocketPath} yet (starting up, or hung: see `ps`)", ex);
        }

        if (File.Exists(paths.SocketPath))
        {
            // We hold the lock and nobody answered: the socket is left over from a daemon that died.
            File.Delete(paths.SocketPath);
            logger?.LogInformation("removed a stale socket {Socket} (its daemon is gone)", paths.SocketPath);
        }

        return new SingleInstanceLock(lockFile);
    }

    public void Dispose() => _lock.Dispose();

    /// <summary>Throws when a daemon answers on the socket of <paramref name="paths"/>.</summary>
    /// <exception cref="DaemonAlreadyRunningException">One answers; its pid is in the message.</exception>
    public static async Task ThrowIfRunningAsync(DictationPaths paths)
    {
        if (File.Exists(paths.SocketPath) && await new DictationClient(paths.SocketPath).TryGetStatusAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false) is { } running)
        {
            throw new DaemonAlreadyRunningException(
                $"a dictation daemon is already running (pid {running.Pid}, socket {paths.SocketPath}); stop it with `voiceflow dictate shutdown`");
        }
    }

    /// <summary>Creates the runtime folder 0700, or checks an existing one belongs to us and tightens its mode.</summary>
    private static void EnsurePrivateDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, PrivateDirectory);
            return;
        }

        var info = new DirectoryInfo(directory);
        if (info.LinkTarget is not null)
        {
            throw new DictationException($"{directory} is a symbolic link; the dictation socket folder must be a real folder owned by you");
        }

        if ((info.UnixFileMode & ~PrivateDirectory) != 0)
        {
            try
            {
                info.UnixFileMode = PrivateDirectory;
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new DictationException($"{directory} is not private (mode {info.UnixFileMode}) and cannot be changed: it belongs to another user", ex);
            }
        }
    }
}
