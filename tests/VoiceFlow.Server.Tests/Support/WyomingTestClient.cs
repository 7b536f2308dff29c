using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace VoiceFlow.Server.Tests.Support;

/// <summary>
/// A Wyoming client written from the protocol's README (rhasspy/wyoming): each event is a JSON header line with
/// <c>type</c>, <c>data_length</c> and <c>payload_length</c>, then that many bytes of JSON data, then the payload —
/// the way the Python library sends it (data after the header, not inside it).
/// </summary>
internal sealed class WyomingTestClient : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly List<byte> _pending = [];

    private WyomingTestClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<WyomingTestClient> ConnectAsync(IPEndPoint server)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(server, TestContext.Current.CancellationToken);
        return new WyomingTestClient(tcp);
    }

    public NetworkStream Stream => _stream;

    public async Task SendAsync(string type, JsonObject? data = null, byte[]? payload = null)
    {
        byte[] dataBytes = data is null ? [] : Encoding.UTF8.GetBytes(data.ToJsonString());
        var header = new JsonObject { ["type"] = type, ["version"] = "1.5.4" };
        if (dataBytes.Length > 0)
        {
            header["data_length"] = dataBytes.Length;
        }

        if (payload is { Length: > 0 })
        {
            header["payload_length"] = payload.Length;
        }

        await SendRawAsync([.. Encoding.UTF8.GetBytes(header.ToJsonString() + "\n"), .. dataBytes, .. payload ?? []]);
    }

    public Task SendRawAsync(byte[] bytes) => _stream.WriteAsync(bytes, TestContext.Current.CancellationToken).AsTask();

    /// <summary>Sends audio as transcribe → audio-start → chunks of <paramref name="chunkBytes"/> → audio-stop.</summary>
    public async Task SendAudioAsync(byte[] pcm, int rate, int width, int channels, string? language = "en", int chunkBytes = 2048)
    {
        var format = new JsonObject { ["rate"] = rate, ["width"] = width, ["channels"] = channels };
        await SendAsync("transcribe", language is null ? [] : new JsonObject { ["language"] = language });
        await SendAsync("audio-start", format.DeepClone().AsObject());
        for (int offset = 0; offset < pcm.Length; offset += chunkBytes)
        {
            await SendAsync("audio-chunk", format.DeepClone().AsObject(), pcm[offset..Math.Min(pcm.Length, offset + chunkBytes)]);
        }

        await SendAsync("audio-stop", []);
    }

    /// <summary>The next event: its type and data (data_length bytes merged over the header's data); null at the end of the stream.</summary>
    public async Task<(string Type, JsonObject Data)?> ReceiveAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Timeout);
        byte[]? line = await ReadLineAsync(timeout.Token);
        if (line is null)
        {
            return null;
        }

        var header = JsonNode.Parse(line)!.AsObject();
        var data = header["data"]?.DeepClone().AsObject() ?? [];
        int dataLength = (int?)header["data_length"] ?? 0;
        int payloadLength = (int?)header["payload_length"] ?? 0;
        if (dataLength > 0)
        {
            foreach (var (name, value) in JsonNode.Parse(await ReadExactlyAsync(dataLength, timeout.Token))!.AsObject().ToList())
            {
                data[name] = value?.DeepClone();
            }
        }

        await ReadExactlyAsync(payloadLength, timeout.Token);
        return ((string)header["type"]!, data);
    }

    /// <summary>Receives until an event of <paramref name="type"/>; fails on the end of the stream.</summary>
    public async Task<JsonObject> WaitForAsync(string type)
    {
        while (true)
        {
            var next = await ReceiveAsync() ?? throw new InvalidOperationException($"the connection ended before '{type}'");
            if (next.Type == type)
            {
                return next.Data;
            }
        }
    }

    private async Task<byte[]?> ReadLineAsync(CancellationToken cancellationToken)
    {
        byte[] one = new byte[4096];
        while (true)
        {
            int newline = _pending.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                byte[] line = [.. _pending.Take(newline)];
                _pending.RemoveRange(0, newline + 1);
                return line;
            }

            int read = await _stream.ReadAsync(one, cancellationToken);
            if (read == 0)
            {
                return null;
            }

            _pending.AddRange(one.AsSpan(0, read));
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
    {
        while (_pending.Count < count)
        {
            byte[] chunk = new byte[Math.Max(4096, count - _pending.Count)];
            int read = await _stream.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                throw new EndOfStreamException("the connection ended inside an event");
            }

            _pending.AddRange(chunk.AsSpan(0, read));
        }

        byte[] bytes = [.. _pending.Take(count)];
        _pending.RemoveRange(0, count);
        return bytes;
    }

    public void Dispose() => _tcp.Dispose();
}
