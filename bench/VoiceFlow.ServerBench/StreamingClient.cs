using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace VoiceFlow.ServerBench;

/// <summary>One event received on /v1/stream, with when it arrived.</summary>
internal sealed record StreamEvent(string Type, string? Text, string? Message, JsonElement Json, long ReceivedTimestamp);

/// <summary>
/// A /v1/stream client as a program would write one: 16 kHz mono PCM16 in 40 ms binary frames, then
/// <c>{"type":"stop"}</c>, collecting every event until <c>done</c> and the server's close. Used by the benchmark, the
/// load script and the server tests.
/// </summary>
internal sealed class StreamingClient(bool float32 = false) : IAsyncDisposable
{
    public const int FrameSamples = 640;

    private readonly ClientWebSocket _socket = new();
    private readonly List<StreamEvent> _events = [];
    private Task? _receiving;

    /// <summary>Every event so far, in arrival order.</summary>
    public IReadOnlyList<StreamEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>When the last audio frame was sent (Stopwatch timestamp).</summary>
    public long LastFrameTimestamp { get; private set; }

    /// <summary>The close status the server sent, once closed.</summary>
    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public async Task ConnectAsync(Uri streamAddress, string? apiKey, CancellationToken cancellationToken)
    {
        if (float32 && !streamAddress.Query.Contains("encoding=", StringComparison.Ordinal))
        {
            streamAddress = new UriBuilder(streamAddress) { Query = streamAddress.Query.TrimStart('?') + (streamAddress.Query.Length > 1 ? "&" : "") + "encoding=float32" }.Uri;
        }

        if (apiKey is not null)
        {
            _socket.Options.SetRequestHeader("Authorization", "Bearer " + apiKey);
        }

        await _socket.ConnectAsync(streamAddress, cancellationToken).ConfigureAwait(false);
        _receiving = ReceiveAsync(cancellationToken);
    }

    /// <summary>
    /// Sends <paramref name="samples"/> as 40 ms frames (PCM16, or float32 when built so); <paramref name="realtime"/>
    /// paces them like a microphone.
    /// </summary>
    public async Task SendAsync(ReadOnlyMemory<float> samples, bool realtime, CancellationToken cancellationToken)
    {
        int bytesPerSample = float32 ? 4 : 2;
        byte[] frame = new byte[FrameSamples * bytesPerSample];
        var clock = Stopwatch.StartNew();
        for (int offset = 0; offset < samples.Length; offset += FrameSamples)
        {
            int count = Math.Min(FrameSamples, samples.Length - offset);
            var span = samples.Span.Slice(offset, count);
            for (int i = 0; i < count; i++)
            {
                if (float32)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(frame.AsSpan(4 * i), span[i]);
                }
                else
                {
                    BinaryPrimitives.WriteInt16LittleEndian(frame.AsSpan(2 * i), (short)Math.Clamp(MathF.Round(span[i] * 32767f), short.MinValue, short.MaxValue));
                }
            }

            await _socket.SendAsync(frame.AsMemory(0, count * bytesPerSample), WebSocketMessageType.Binary, true, cancellationToken).ConfigureAwait(false);
            LastFrameTimestamp = Stopwatch.GetTimestamp();
            if (realtime)
            {
                var due = TimeSpan.FromSeconds((offset + count) / 16_000.0) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Asks the server to flush, then waits for <c>done</c> and the close (or <paramref name="timeout"/>).</summary>
    public async Task StopAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await SendTextAsync("{\"type\":\"stop\"}", cancellationToken).ConfigureAwait(false);
        await WaitForCloseAsync(timeout, cancellationToken).ConfigureAwait(false);
    }

    public Task SendTextAsync(string text, CancellationToken cancellationToken) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellationToken);

    public async Task WaitForCloseAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_receiving is not null)
        {
            await _receiving.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Drops the connection without a close handshake (a client that crashes mid-utterance).</summary>
    public void Abort() => _socket.Abort();

    private async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cancellationToken).ConfigureAwait(false);
                    }

                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                if (result.MessageType == WebSocketMessageType.Text)
                {
                    using var json = JsonDocument.Parse(message.ToArray());
                    var root = json.RootElement.Clone();
                    var received = new StreamEvent(
                        root.GetProperty("type").GetString() ?? "",
                        root.TryGetProperty("text", out var text) ? text.GetString() : null,
                        root.TryGetProperty("message", out var error) ? error.GetString() : null,
                        root,
                        Stopwatch.GetTimestamp());
                    lock (_events)
                    {
                        _events.Add(received);
                    }
                }

                message.SetLength(0);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Aborted or cut off: the events so far are what the caller checks.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            _socket.Abort();
        }

        if (_receiving is not null)
        {
            await _receiving.ConfigureAwait(false);
        }

        _socket.Dispose();
    }
}
