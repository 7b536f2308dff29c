using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VoiceFlow.Core.Audio;

namespace VoiceFlow.Server.Tests.Support;

/// <summary>
/// A bare Realtime API client written from OpenAI's documented events (not from the server's code): JSON text events
/// over a WebSocket, audio as base64 in <c>input_audio_buffer.append</c>.
/// </summary>
internal sealed class RealtimeTestClient : IAsyncDisposable
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(60);
    private readonly ClientWebSocket _socket;
    private readonly List<JsonObject> _received = [];

    private RealtimeTestClient(ClientWebSocket socket) => _socket = socket;

    public ClientWebSocket Socket => _socket;

    /// <summary>Every event received so far, in order.</summary>
    public IReadOnlyList<JsonObject> Received => _received;

    public static async Task<RealtimeTestClient> ConnectAsync(Uri server, string query = "intent=transcription", string? bearer = null, params string[] subprotocols)
    {
        var socket = new ClientWebSocket();
        if (bearer is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + bearer);
        }

        foreach (string protocol in subprotocols)
        {
            socket.Options.AddSubProtocol(protocol);
        }

        var uri = new UriBuilder(server) { Scheme = server.Scheme == "https" ? "wss" : "ws", Path = "/v1/realtime", Query = query }.Uri;
        await socket.ConnectAsync(uri, TestContext.Current.CancellationToken);
        return new RealtimeTestClient(socket);
    }

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public Task SendTextAsync(string json) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);

    /// <summary>Appends 16 kHz samples as PCM16 at <paramref name="rate"/> Hz in chunks of <paramref name="chunkMs"/>.</summary>
    public async Task AppendPcm16Async(ReadOnlyMemory<float> samples16k, int rate = 24_000, int chunkMs = 100)
    {
        float[] resampled = rate == 16_000 ? samples16k.ToArray() : Resampler.Resample(samples16k.Span, 16_000, rate);
        byte[] pcm = new byte[resampled.Length * 2];
        for (int i = 0; i < resampled.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan(2 * i), (short)Math.Clamp(Math.Round(resampled[i] * 32767), short.MinValue, short.MaxValue));
        }

        await AppendBytesAsync(pcm, rate * 2 * chunkMs / 1000);
    }

    public async Task AppendBytesAsync(byte[] audio, int chunkBytes)
    {
        for (int offset = 0; offset < audio.Length; offset += chunkBytes)
        {
            var chunk = audio.AsSpan(offset, Math.Min(chunkBytes, audio.Length - offset));
            await SendAsync(new { type = "input_audio_buffer.append", audio = Convert.ToBase64String(chunk) });
        }
    }

    /// <summary>Receives events until one of <paramref name="type"/> (returned), failing after a bound.</summary>
    public async Task<JsonObject> WaitForAsync(string type)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(EventTimeout);
        while (true)
        {
            var next = await ReceiveAsync(timeout.Token) ?? throw new InvalidOperationException($"the connection closed before '{type}' ({_socket.CloseStatus} {_socket.CloseStatusDescription}); received: {string.Join(", ", _received.Select(e => e["type"]))}");
            if ((string?)next["type"] == type)
            {
                return next;
            }
        }
    }

    /// <summary>The next event, or null when the server closed.</summary>
    public async Task<JsonObject?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                var parsed = JsonNode.Parse(message.ToArray())!.AsObject();
                _received.Add(parsed);
                return parsed;
            }
        }
    }

    /// <summary>Receives until the server closes (bounded), returning the close status.</summary>
    public async Task<WebSocketCloseStatus?> WaitForCloseAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(EventTimeout);
        while (await ReceiveAsync(timeout.Token) is not null)
        {
        }

        return _socket.CloseStatus;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The server went first.
            }
        }

        _socket.Dispose();
    }

    /// <summary>16 kHz samples of a WAV file.</summary>
    public static async Task<ReadOnlyMemory<float>> LoadAsync(string path) =>
        (await AudioFileLoader.LoadMono16kAsync(path, cancellationToken: TestContext.Current.CancellationToken)).Samples;
}
