using System.Net.WebSockets;

namespace VoiceFlow.Server.Streaming;

/// <summary>
/// Reads a WebSocket without ever cancelling a read (cancelling a WebSocket read aborts the connection, after which
/// nothing more can be sent): a read that is still pending when the wait is interrupted (server stopping, client
/// idle) is kept and completed by the next call.
/// </summary>
internal sealed class FrameReceiver(WebSocket socket, byte[] buffer, int length)
{
    private Task<ValueWebSocketReceiveResult>? _pending;

    /// <summary>The received bytes of the last completed read.</summary>
    public ReadOnlySpan<byte> Data(ValueWebSocketReceiveResult result) => buffer.AsSpan(0, result.Count);

    /// <summary>
    /// The next frame, or null when <paramref name="timeout"/> passed or <paramref name="interrupt"/> fired first
    /// (the read stays pending). <paramref name="aborted"/> is the connection's own token: it does abort the read.
    /// </summary>
    public async Task<ValueWebSocketReceiveResult?> ReceiveAsync(TimeSpan timeout, CancellationToken interrupt, CancellationToken aborted)
    {
        _pending ??= socket.ReceiveAsync(buffer.AsMemory(0, length), aborted).AsTask();
        if (!_pending.IsCompleted)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(interrupt);
            wait.CancelAfter(timeout);
            var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (wait.Token.Register(() => waiting.TrySetResult()))
            {
                await Task.WhenAny(_pending, waiting.Task).ConfigureAwait(false);
            }

            if (!_pending.IsCompleted)
            {
                return null;
            }
        }

        var result = await _pending.ConfigureAwait(false);
        _pending = null;
        return result;
    }
}
