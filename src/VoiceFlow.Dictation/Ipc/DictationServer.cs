using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using VoiceFlow.Core.Errors;
using VoiceFlow.Dictation.Daemon;
using VoiceFlow.Dictation.Interop;
using VoiceFlow.Dictation.Protocol;

namespace VoiceFlow.Dictation.Ipc;

/// <summary>
/// Serves a <see cref="DictationDaemon"/> on its Unix socket: one request line and one response line per
/// connection, only to processes of the daemon's own user (checked with SO_PEERCRED). Holds the single-instance
/// lock for its lifetime.
/// </summary>
public sealed class DictationServer : IAsyncDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly DictationDaemon _daemon;
    private readonly DictationPaths _paths;
    private readonly SingleInstanceLock _lock;
    private readonly Socket _listener;
    private readonly ILogger? _logger;
    private readonly uint _userId = PeerIdentity.CurrentUserId;
    private readonly CancellationTokenSource _stopAccepting = new();
    private readonly TaskCompletionSource _shutdownRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private Task _acceptLoop = Task.CompletedTask;
    private int _disposed;

    private DictationServer(DictationDaemon daemon, DictationPaths paths, SingleInstanceLock instanceLock, Socket listener, ILogger? logger)
    {
        _daemon = daemon;
        _paths = paths;
        _lock = instanceLock;
        _listener = listener;
        _logger = logger;
    }

    /// <summary>The socket path.</summary>
    public string SocketPath => _paths.SocketPath;

    /// <summary>Completes when a client sends <c>shutdown</c>.</summary>
    public Task ShutdownRequested => _shutdownRequested.Task;

    /// <summary>Throws when a daemon already answers on the socket of <paramref name="paths"/> (a cheap check before loading a model).</summary>
    /// <exception cref="DaemonAlreadyRunningException">One answers; its pid is in the message.</exception>
    public static Task ThrowIfRunningAsync(DictationPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return SingleInstanceLock.ThrowIfRunningAsync(paths);
    }

    /// <summary>
    /// Takes the single-instance lock (removing a stale socket), binds the socket (mode 0600 in a 0700 folder) and
    /// starts accepting. Start the daemon itself before or after: commands need it started.
    /// </summary>
    /// <exception cref="DaemonAlreadyRunningException">Another daemon answers on the socket (its pid is in the message).</exception>
    /// <exception cref="DictationException">The runtime folder is unusable.</exception>
    public static async Task<DictationServer> StartAsync(DictationDaemon daemon, DictationPaths paths, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(daemon);
        ArgumentNullException.ThrowIfNull(paths);
        var instanceLock = await SingleInstanceLock.AcquireAsync(paths, logger).ConfigureAwait(false);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(paths.SocketPath));
            File.SetUnixFileMode(paths.SocketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            listener.Listen(16);
        }
        catch (SocketException ex)
        {
            listener.Dispose();
            instanceLock.Dispose();
            throw new DictationException($"cannot listen on {paths.SocketPath}: {ex.Message}", ex);
        }

        var server = new DictationServer(daemon, paths, instanceLock, listener, logger);
        server._acceptLoop = Task.Run(server.AcceptLoopAsync);
        logger?.LogInformation("dictation daemon listening on {Socket} (pid {Pid})", paths.SocketPath, Environment.ProcessId);
        return server;
    }

    /// <summary>
    /// Waits for a <c>shutdown</c> request or <paramref name="stop"/> (SIGTERM, Ctrl+C), then stops: the dictation
    /// in flight is finished and answered, then the socket is removed.
    /// </summary>
    public async Task RunUntilShutdownAsync(CancellationToken stop)
    {
        var stopped = new TaskCompletionSource();
        await using (stop.Register(() => stopped.TrySetResult()).ConfigureAwait(false))
        {
            await Task.WhenAny(ShutdownRequested, stopped.Task).ConfigureAwait(false);
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Stops the daemon (finishing what is in flight), answers the waiting clients, removes the socket, releases the lock.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Finish the dictation in flight while still accepting (status keeps answering, begin is refused).
        await _daemon.StopAsync().ConfigureAwait(false);
        await _stopAccepting.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        try
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected: the accept loop ends by cancellation.
        }

        await Task.WhenAll(_connections.Keys).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        TryDelete(_paths.SocketPath);
        _lock.Dispose();
        _stopAccepting.Dispose();
        _logger?.LogInformation("dictation daemon stopped");
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopAccepting.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stopAccepting.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException || _stopAccepting.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex)
            {
                _logger?.LogWarning("accept failed: {Error}", ex.Message);
                continue;
            }

            var connection = ServeAsync(client);
            _connections.TryAdd(connection, 0);
            _ = connection.ContinueWith(t => _connections.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        await Task.Yield();
        using (client)
        {
            await using var stream = new NetworkStream(client, ownsSocket: false);
            DictationResponse response;
            try
            {
                var peer = PeerIdentity.Of(client);
                if (peer.UserId != _userId)
                {
                    _logger?.LogWarning("refused a connection from uid {Uid} (pid {Pid})", peer.UserId, peer.ProcessId);
                    response = DictationResponse.Failure(VoiceFlowErrorKinds.WireName(VoiceFlowErrorKind.Refused),
                        $"refused: this dictation daemon serves only uid {_userId}, the connection came from uid {peer.UserId}");
                }
                else
                {
                    response = await HandleAsync(stream).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is VoiceFlowException or IOException or OperationCanceledException)
            {
                response = DictationResponse.Failure(DictationErrors.KindOf(ex), ex.Message);
            }

            try
            {
                using var timeout = new CancellationTokenSource(RequestTimeout);
                await DictationWire.WriteResponseAsync(stream, response, timeout.Token).ConfigureAwait(false);
                await DrainAsync(client).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
            {
                // The client went away (Ctrl+C on `dictate end`): the dictation still completed and is in history.
                _logger?.LogDebug("could not answer a client: {Error}", ex.Message);
            }
        }
    }

    private async Task<DictationResponse> HandleAsync(NetworkStream stream)
    {
        byte[] line;
        using (var timeout = new CancellationTokenSource(RequestTimeout))
        {
            try
            {
                line = await DictationWire.ReadLineAsync(stream, DictationWire.MaxRequestBytes, timeout.Token).ConfigureAwait(false)
                    ?? throw new DictationException("empty request");
            }
            catch (OperationCanceledException ex)
            {
                throw new DictationException($"no request line within {RequestTimeout.TotalSeconds} s", ex);
            }
        }

        var request = DictationWire.ParseRequest(line);
        try
        {
            return await DispatchAsync(request.Command).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is VoiceFlowException or IOException or OperationCanceledException)
        {
            _logger?.LogInformation("{Command}: {Error}", request.Command, ex.Message);
            return DictationResponse.Failure(DictationErrors.KindOf(ex), ex.Message);
        }
    }

    private async Task<DictationResponse> DispatchAsync(string command)
    {
        switch (command)
        {
            case DictationCommands.Begin:
                await _daemon.BeginAsync().ConfigureAwait(false);
                return DictationResponse.Success("began", _daemon.GetStatus());
            case DictationCommands.End:
                return Ended(await _daemon.EndAsync().ConfigureAwait(false));
            case DictationCommands.Toggle:
                return await _daemon.ToggleAsync().ConfigureAwait(false) is { } outcome
                    ? Ended(outcome)
                    : DictationResponse.Success("began", _daemon.GetStatus());
            case DictationCommands.Cancel:
                return DictationResponse.Success(_daemon.Cancel() ? "cancelled" : "idle", _daemon.GetStatus());
            case DictationCommands.Status:
                return DictationResponse.Success("status", _daemon.GetStatus());
            case DictationCommands.Shutdown:
                _shutdownRequested.TrySetResult();
                return DictationResponse.Success("shutting_down", _daemon.GetStatus());
            default:
                throw new DictationException($"unknown command '{command}'; expected one of: {string.Join(", ", DictationCommands.All)}");
        }
    }

    private DictationResponse Ended(DictationOutcome outcome) => DictationResponse.Success("ended", _daemon.GetStatus()) with
    {
        Text = outcome.Text,
        AudioSeconds = Math.Round(outcome.AudioDuration.TotalSeconds, 3),
    };

    /// <summary>
    /// Reads what the client still sends (a refused oversized request) before closing: closing a Unix socket with
    /// unread input resets the connection, and the client would lose the answer. Bounded in bytes and time.
    /// </summary>
    private static async Task DrainAsync(Socket client)
    {
        client.Shutdown(SocketShutdown.Send);
        byte[] sink = new byte[16 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        for (int drained = 0; drained < 1 << 20;)
        {
            int read = await client.ReceiveAsync(sink, SocketFlags.None, timeout.Token).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            drained += read;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the next daemon removes a stale socket anyway.
        }
    }
}
