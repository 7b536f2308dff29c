using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using VoiceFlow.Dictation.Tests.Support;
using VoiceFlow.Server.Tests.Support;

namespace VoiceFlow.Server.Tests;

/// <summary>
/// Bad input on the Realtime WebSocket and the Wyoming framing: each gets an error event (or, past what the stream can
/// be followed through, a close), and the session, the server, other connections and the history carry on.
/// </summary>
public sealed class ProtocolBadInputTests(EngineFixture engine)
{
    private static string HelloPath => Path.Combine(Speech.RepositoryRootPath, "samples", "hello.wav");

    [Fact]
    public async Task Realtime_bad_events_get_error_events_and_the_session_goes_on()
    {
        var history = new MemoryHistory();
        await using var server = await TestServer.StartAsync(engine, history: history);
        await using var client = await RealtimeTestClient.ConnectAsync(server.Address);
        await client.WaitForAsync("session.created");

        async Task ExpectErrorAsync(string code, string? param = null, string? eventId = null)
        {
            var error = (await client.WaitForAsync("error"))["error"]!;
            Assert.Equal(code, (string?)error["code"]);
            Assert.False(string.IsNullOrEmpty((string?)error["message"]));
            if (param is not null)
            {
                Assert.Equal(param, (string?)error["param"]);
            }

            Assert.Equal(eventId, (string?)error["event_id"]);
        }

        await client.SendTextAsync("this is not json");
        await ExpectErrorAsync("invalid_json");
        await client.SendTextAsync("[1,2,3]");
        await ExpectErrorAsync("invalid_event", "type");
        await client.SendTextAsync("""{"type":"input_audio_buffer.append","event_id":"evt_1","audio":"%%% not base64"}""");
        await ExpectErrorAsync("invalid_audio", "audio", "evt_1");
        await client.SendTextAsync("""{"type":"input_audio_buffer.append"}""");
        await ExpectErrorAsync("missing_audio", "audio");
        await client.Socket.SendAsync(new byte[] { 1, 2, 3, 4 }, WebSocketMessageType.Binary, true, TestContext.Current.CancellationToken);
        await ExpectErrorAsync("invalid_message_type");
        await client.SendTextAsync("""{"type":"response.create"}""");
        await ExpectErrorAsync("invalid_event_type", "type");
        await client.SendTextAsync("""{"type":"session.update","session":{"type":"realtime"}}""");
        await ExpectErrorAsync("invalid_value", "session.type");
        await client.SendTextAsync("""{"type":"session.update","session":{"audio":{"input":{"format":{"type":"audio/pcm","rate":1}}}}}""");
        await ExpectErrorAsync("invalid_value", "session.audio.input.format.rate");
        await client.SendTextAsync("""{"type":"session.update","session":{"audio":{"input":{"transcription":{"model":"gpt-9"}}}}}""");
        await ExpectErrorAsync("model_not_found", "session.audio.input.transcription.model");
        await client.SendTextAsync("""{"type":"session.update","session":{"audio":{"input":{"turn_detection":{"type":"server_vad","silence_duration_ms":5}}}}}""");
        await ExpectErrorAsync("invalid_value", "session.audio.input.turn_detection.silence_duration_ms");
        await client.SendTextAsync("""{"type":"input_audio_buffer.commit"}""");
        await ExpectErrorAsync("input_audio_buffer_commit_empty");

        // An event over the size limit, in fragments: refused without being kept.
        byte[] huge = Encoding.UTF8.GetBytes("""{"type":"input_audio_buffer.append","audio":" """ + new string('A', 1_200_000) + "\"}");
        for (int offset = 0; offset < huge.Length; offset += 100_000)
        {
            int length = Math.Min(100_000, huge.Length - offset);
            await client.Socket.SendAsync(huge.AsMemory(offset, length), WebSocketMessageType.Text, offset + length == huge.Length, TestContext.Current.CancellationToken);
        }

        await ExpectErrorAsync("message_too_large");

        // The session still works: manual commits of real speech.
        await client.SendTextAsync("""{"type":"session.update","session":{"type":"transcription","audio":{"input":{"turn_detection":null}}}}""");
        await client.WaitForAsync("session.updated");
        await client.SendTextAsync("""{"type":"input_audio_buffer.commit"}""");
        await ExpectErrorAsync("input_audio_buffer_commit_empty");
        await client.AppendPcm16Async(await RealtimeTestClient.LoadAsync(HelloPath));
        await client.SendTextAsync("""{"type":"input_audio_buffer.commit"}""");
        var done = await client.WaitForAsync("conversation.item.input_audio_transcription.completed");
        Assert.InRange(Speech.Wer(Speech.HelloText, (string)done["transcript"]!), 0, Speech.MaxWordErrorRate);
        Assert.Single(history.Entries);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/health", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Realtime_audio_beyond_the_buffer_limit_is_refused_and_the_buffer_kept()
    {
        await using var server = await TestServer.StartAsync(engine, o => o with { ServerMaxAudioSeconds = 5 });
        await using var client = await RealtimeTestClient.ConnectAsync(server.Address);
        await client.SendTextAsync("""{"type":"session.update","session":{"type":"transcription","audio":{"input":{"turn_detection":null}}}}""");
        await client.WaitForAsync("session.updated");

        var hello = await RealtimeTestClient.LoadAsync(HelloPath);
        await client.AppendPcm16Async(hello, chunkMs: 1000);
        await client.AppendPcm16Async(hello, chunkMs: 1000);
        var error = (await client.WaitForAsync("error"))["error"]!;
        Assert.Equal("input_audio_buffer_full", (string?)error["code"]);

        await client.SendTextAsync("""{"type":"input_audio_buffer.commit"}""");
        var done = await client.WaitForAsync("conversation.item.input_audio_transcription.completed");
        Assert.False(string.IsNullOrWhiteSpace((string?)done["transcript"]));
    }

    [Fact]
    public async Task Wyoming_bad_frames_get_error_events_and_the_connection_goes_on()
    {
        var history = new MemoryHistory();
        await using var server = await WyomingTests.StartAsync(engine, history);
        using var client = await WyomingTestClient.ConnectAsync(server.Server.WyomingEndPoint!);

        async Task ExpectErrorAsync(string code) => Assert.Equal(code, (string?)(await client.WaitForAsync("error"))["code"]);

        await client.SendRawAsync("this is not json\n"u8.ToArray());
        await ExpectErrorAsync("invalid_header");
        await client.SendRawAsync("{\"data\":{}}\n"u8.ToArray());
        await ExpectErrorAsync("invalid_header");
        await client.SendAsync("audio-chunk", new JsonObject { ["rate"] = 16000, ["width"] = 2, ["channels"] = 1 }, new byte[320]);
        await ExpectErrorAsync("no_audio_start");
        await client.SendAsync("audio-stop");
        await ExpectErrorAsync("no_audio_start");
        await client.SendAsync("synthesize", new JsonObject { ["text"] = "hi" });
        await ExpectErrorAsync("unsupported_event");
        await client.SendAsync("transcribe", new JsonObject { ["language"] = "English please" });
        await ExpectErrorAsync("invalid_transcribe");
        await client.SendAsync("audio-start", new JsonObject { ["rate"] = 16000, ["width"] = 7, ["channels"] = 1 });
        await ExpectErrorAsync("invalid_audio_format");
        await client.SendAsync("audio-start", new JsonObject { ["rate"] = "fast", ["width"] = 2, ["channels"] = 1 });
        await ExpectErrorAsync("invalid_audio_format");

        await client.SendAudioAsync(PcmEncoder.Encode(await WyomingTests.HelloAsync(), 16_000, 2, 1), 16_000, 2, 1);
        Assert.InRange(Speech.Wer(Speech.HelloText, (string)(await client.WaitForAsync("transcript"))["text"]!), 0, Speech.MaxWordErrorRate);
        Assert.Single(history.Entries);
    }

    [Theory]
    [InlineData("{\"type\":\"audio-chunk\",\"payload_length\":104857600}\n", "too_large")]
    [InlineData("{\"type\":\"audio-chunk\",\"data_length\":-5}\n", "invalid_length")]
    [InlineData("{\"type\":\"audio-chunk\",\"payload_length\":\"many\"}\n", "invalid_length")]
    [InlineData("{\"type\":\"describe\",\"data_length\":1048576}\n", "too_large")]
    public async Task Wyoming_lengths_past_the_limits_close_the_connection_after_an_error(string header, string code)
    {
        await using var server = await WyomingTests.StartAsync(engine);
        using var client = await WyomingTestClient.ConnectAsync(server.Server.WyomingEndPoint!);

        await client.SendRawAsync(Encoding.UTF8.GetBytes(header));

        Assert.Equal(code, (string?)(await client.WaitForAsync("error"))["code"]);
        Assert.Null(await client.ReceiveAsync());
        await AssertStillServesAsync(server);
    }

    [Fact]
    public async Task Wyoming_lying_lengths_and_endless_headers_end_only_their_own_connection()
    {
        await using var server = await WyomingTests.StartAsync(engine);
        using (var liar = await WyomingTestClient.ConnectAsync(server.Server.WyomingEndPoint!))
        {
            // Claims 1000 bytes of payload, sends 10, and ends its side.
            await liar.SendRawAsync([.. "{\"type\":\"audio-chunk\",\"payload_length\":1000}\n"u8.ToArray(), .. new byte[10]]);
            liar.Stream.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            Assert.Equal("truncated_frame", (string?)(await liar.WaitForAsync("error"))["code"]);
            Assert.Null(await liar.ReceiveAsync());
        }

        using (var endless = await WyomingTestClient.ConnectAsync(server.Server.WyomingEndPoint!))
        {
            byte[] noNewline = Encoding.UTF8.GetBytes("{\"type\":\"" + new string('x', 100_000));
            await endless.SendRawAsync(noNewline);
            Assert.Equal("header_too_long", (string?)(await endless.WaitForAsync("error"))["code"]);
            Assert.Null(await endless.ReceiveAsync());
        }

        await AssertStillServesAsync(server);
    }

    /// <summary>A fresh Wyoming connection transcribes and HTTP answers.</summary>
    internal static async Task AssertStillServesAsync(TestServer server)
    {
        using var fresh = await WyomingTestClient.ConnectAsync(server.Server.WyomingEndPoint!);
        await fresh.SendAudioAsync(PcmEncoder.Encode(await WyomingTests.HelloAsync(), 16_000, 2, 1), 16_000, 2, 1);
        Assert.InRange(Speech.Wer(Speech.HelloText, (string)(await fresh.WaitForAsync("transcript"))["text"]!), 0, Speech.MaxWordErrorRate);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/health", TestContext.Current.CancellationToken)).StatusCode);
    }
}
