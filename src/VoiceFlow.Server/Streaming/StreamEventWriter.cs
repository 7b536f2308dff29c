using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using VoiceFlow.Server.Api;

namespace VoiceFlow.Server.Streaming;

/// <summary>Sends JSON events on the socket one at a time (a WebSocket allows only one send in flight).</summary>
internal sealed class StreamEventWriter(WebSocket socket) : IDisposable
{
    private readonly SemaphoreSlim _send = new(1, 1);

    public Task SendAsync(StreamEventJson message, CancellationToken cancellationToken) =>
        SendAsync(message, ServerJson.Default.StreamEventJson, cancellationToken);

    /// <summary>Sends any JSON event (the Realtime API's shapes too) as one text message.</summary>
    public async Task SendAsync<T>(T message, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(message, type);
        await _send.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.SendAsync(json, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _send.Release();
        }
    }

    /// <summary>An <c>error</c> event then a close with <paramref name="status"/>; for a bad query or a broken protocol.</summary>
    public async Task FailAsync(string message, WebSocketCloseStatus status, CancellationToken cancellationToken)
    {
        await SendAsync(new StreamEventJson("error") { Message = message }, cancellationToken).ConfigureAwait(false);
        await CloseAsync(status, message, cancellationToken).ConfigureAwait(false);
    }

    public async Task CloseAsync(WebSocketCloseStatus status, string description, CancellationToken cancellationToken)
    {
        await _send.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                // Close reasons are limited to 123 bytes.
                string reason = description.Length > 100 ? description[..100] : description;
                await socket.CloseOutputAsync(status, reason, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _send.Release();
        }
    }

    public void Dispose() => _send.Dispose();
}
