using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using VoiceFlow.Dictation.Tests.Support;
using VoiceFlow.Server.Tests.Support;

namespace VoiceFlow.Server.Tests;

/// <summary>
/// Fuzz-style runs over both framings: many valid events mutated at random (bytes flipped, cut, spliced, values of the
/// wrong type), bounded in count and time, sent over a few connections; afterwards the server still transcribes over
/// both protocols, answers HTTP, and stored nothing from the garbage. Seeds are fixed, so a failure repeats.
/// </summary>
public sealed class ProtocolFuzzTests(EngineFixture engine)
{
    private const int Frames = 400;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Mutated_realtime_events_never_break_the_server()
    {
        var history = new MemoryHistory();
        await using var server = await TestServer.StartAsync(engine, o => o with { ServerWyoming = "tcp://127.0.0.1:0" }, history);
        var random = new Random(16);
        string[] seeds =
        [
            """{"type":"session.update","session":{"type":"transcription","audio":{"input":{"format":{"type":"audio/pcm","rate":24000},"transcription":{"model":"whisper-1","language":"en"},"turn_detection":{"type":"server_vad","threshold":0.5,"prefix_padding_ms":300,"silence_duration_ms":500}}}}}""",
            """{"type":"transcription_session.update","session":{"input_audio_format":"g711_ulaw","turn_detection":null}}""",
            """{"type":"input_audio_buffer.append","audio":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}""",
            """{"type":"input_audio_buffer.commit","event_id":"e1"}""",
            """{"type":"input_audio_buffer.clear"}""",
        ];
        using var budget = new CancellationTokenSource(Budget);
        int sent = 0;
        while (sent < Frames && !budget.IsCancellationRequested)
        {
            await using var client = await RealtimeTestClient.ConnectAsync(server.Address);
            var drain = DrainAsync(client.Socket, budget.Token);
            for (int i = 0; i < 50 && sent < Frames; i++, sent++)
            {
                byte[] frame = Mutate(Encoding.UTF8.GetBytes(seeds[random.Next(seeds.Length)]), random);
                var kind = random.Next(10) == 0 ? WebSocketMessageType.Binary : WebSocketMessageType.Text;
                try
                {
                    await client.Socket.SendAsync(frame, kind, true, budget.Token);
                }
                catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
                {
                    break; // the server closed this one (idle or policy): next connection
                }
            }

            await client.DisposeAsync();
            await drain;
        }

        Assert.True(sent >= 100, $"only {sent} frames were sent within the budget");
        Assert.All(history.Entries, e => Assert.Equal("realtime", e.Source));
        await AssertRealtimeStillWorksAsync(server);
        await ProtocolBadInputTests.AssertStillServesAsync(server);
    }

    [Fact]
    public async Task Mutated_wyoming_frames_never_break_the_server()
    {
        var history = new MemoryHistory();
        await using var server = await WyomingTests.StartAsync(engine, history);
        var random = new Random(10300);
        byte[][] seeds =
        [
            Frame("describe", null, null),
            Frame("transcribe", new JsonObject { ["language"] = "en" }, null),
            Frame("audio-start", new JsonObject { ["rate"] = 16000, ["width"] = 2, ["channels"] = 1 }, null),
            Frame("audio-chunk", new JsonObject { ["rate"] = 16000, ["width"] = 2, ["channels"] = 1 }, new byte[640]),
            Frame("audio-stop", null, null),
            Frame("ping", new JsonObject { ["text"] = "x" }, null),
        ];
        using var budget = new CancellationTokenSource(Budget);
        int sent = 0;
        while (sent < Frames && !budget.IsCancellationRequested)
        {
            using var client = await WyomingTestClient.ConnectAsync(server.Server.WyomingEndPoint!);
            var drain = DrainAsync(client.Stream, budget.Token);
            for (int i = 0; i < 40 && sent < Frames; i++, sent++)
            {
                try
                {
                    await client.Stream.WriteAsync(Mutate(seeds[random.Next(seeds.Length)], random), budget.Token);
                }
                catch (Exception ex) when (ex is IOException or OperationCanceledException)
                {
                    break; // the server closed this one after a fatal frame: next connection
                }
            }

            client.Stream.Socket.Shutdown(SocketShutdown.Send);
            await drain;
        }

        Assert.True(sent >= 100, $"only {sent} frames were sent within the budget");
        await ProtocolBadInputTests.AssertStillServesAsync(server);
        Assert.All(history.Entries, e => Assert.Equal("wyoming", e.Source));
    }

    private static async Task AssertRealtimeStillWorksAsync(TestServer server)
    {
        await using var client = await RealtimeTestClient.ConnectAsync(server.Address);
        await client.SendTextAsync("""{"type":"session.update","session":{"type":"transcription","audio":{"input":{"turn_detection":null}}}}""");
        await client.WaitForAsync("session.updated");
        await client.AppendPcm16Async(await RealtimeTestClient.LoadAsync(Path.Combine(Speech.RepositoryRootPath, "samples", "hello.wav")));
        await client.SendTextAsync("""{"type":"input_audio_buffer.commit"}""");
        var done = await client.WaitForAsync("conversation.item.input_audio_transcription.completed");
        Assert.InRange(Speech.Wer(Speech.HelloText, (string)done["transcript"]!), 0, Speech.MaxWordErrorRate);
    }

    private static byte[] Frame(string type, JsonObject? data, byte[]? payload)
    {
        byte[] dataBytes = data is null ? [] : Encoding.UTF8.GetBytes(data.ToJsonString());
        var header = new JsonObject { ["type"] = type, ["data_length"] = dataBytes.Length, ["payload_length"] = payload?.Length ?? 0 };
        return [.. Encoding.UTF8.GetBytes(header.ToJsonString() + "\n"), .. dataBytes, .. payload ?? []];
    }

    /// <summary>One to four random edits: flip a byte, cut the end, splice in random bytes, or swap a digit for a big number.</summary>
    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        int edits = random.Next(1, 5);
        for (int e = 0; e < edits && bytes.Count > 0; e++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 2:
                    bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 64)).Select(_ => (byte)random.Next(256)));
                    break;
                case 3:
                    if (bytes[at] is >= (byte)'0' and <= (byte)'9')
                    {
                        bytes.InsertRange(at, Encoding.ASCII.GetBytes(random.Next(2) == 0 ? "99999999999" : "-"));
                    }

                    break;
                default:
                    bytes.InsertRange(at, "\n"u8.ToArray());
                    break;
            }
        }

        return [.. bytes];
    }

    private static async Task DrainAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                if ((await socket.ReceiveAsync(buffer, cancellationToken)).MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Closed by either side.
        }
    }

    private static async Task DrainAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (await stream.ReadAsync(buffer, cancellationToken) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Closed by either side.
        }
    }
}
