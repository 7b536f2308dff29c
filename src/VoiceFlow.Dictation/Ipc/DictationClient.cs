using System.Net.Sockets;
using VoiceFlow.Dictation.Protocol;

namespace VoiceFlow.Dictation.Ipc;

/// <summary>
/// Talks to the dictation daemon: one connection per request, one JSON line each way. Errors the daemon reports
/// come back as the exception types they were raised as (capture, output, history...).
/// </summary>
public sealed class DictationClient
{
    /// <param name="socketPath">The daemon's socket (see <see cref="DictationPaths.SocketPath"/>).</param>
    public DictationClient(string socketPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(socketPath);
        SocketPath = socketPath;
    }

    /// <summary>The socket this client connects to.</summary>
    public string SocketPath { get; }

    /// <summary>A client for the socket of <paramref name="paths"/>.</summary>
    public static DictationClient For(DictationPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return new DictationClient(paths.SocketPath);
    }

    /// <summary>Sends <paramref name="command"/> and returns the successful answer.</summary>
    /// <exception cref="DaemonNotRunningException">No daemon answers on the socket.</exception>
    /// <exception cref="DictationStateException">The command does not fit the daemon's state.</exception>
    /// <exception cref="Core.Errors.VoiceFlowException">The error the daemon reported, as its own type.</exception>
    public async Task<DictationResponse> SendAsync(string command, CancellationToken cancellationToken = default)
    {
        var response = await ExchangeAsync(command, cancellationToken).ConfigureAwait(false);
        return response.Ok ? response : throw DictationErrors.ToException(response.ErrorKind, response.Error);
    }

    /// <summary>The daemon's status, or null when nobody answers within <paramref name="timeout"/>.</summary>
    public async Task<DictationStatus?> TryGetStatusAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            var response = await ExchangeAsync(DictationCommands.Status, cancel.Token).ConfigureAwait(false);
            return response.Status;
        }
        catch (Exception ex) when (ex is DictationException or OperationCanceledException or IOException)
        {
            return null;
        }
    }

    /// <summary>Sends one request and reads one response, whatever it says.</summary>
    public async Task<DictationResponse> ExchangeAsync(string command, CancellationToken cancellationToken = default)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AddressNotAvailable or SocketError.ConnectionRefused or SocketError.AddressFamilyNotSupported || !File.Exists(SocketPath))
        {
            throw new DaemonNotRunningException(
                $"no dictation daemon is running (nothing answers on {SocketPath}): start one with `voiceflow dictate daemon`", ex);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AccessDenied)
        {
            throw new DictationException($"permission denied on {SocketPath}: the daemon belongs to another user", ex);
        }

        await using var stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            await DictationWire.WriteRequestAsync(stream, new DictationRequest(command), cancellationToken).ConfigureAwait(false);
            byte[] line = await DictationWire.ReadLineAsync(stream, DictationWire.MaxResponseBytes, cancellationToken).ConfigureAwait(false)
                ?? throw new DictationException($"the dictation daemon closed the connection without answering '{command}' (did it crash? see `voiceflow dictate status`)");
            return DictationWire.ParseResponse(line);
        }
        catch (IOException ex)
        {
            throw new DictationException($"the connection to the dictation daemon broke during '{command}': {ex.Message}", ex);
        }
    }
}
