using System.Net.WebSockets;
using System.Text.Json.Nodes;
using VoiceFlow.Dictation.Tests.Support;
using VoiceFlow.Server.Tests.Support;

namespace VoiceFlow.Server.Tests;

/// <summary>
/// <c>GET /v1/realtime</c> in transcription mode, driven by a client written from OpenAI's documented events: server VAD
/// turns, manual commits, both session shapes, G.711 input, and the three ways to carry the key.
/// </summary>
public sealed class RealtimeTests(EngineFixture engine)
{
    private static string HelloPath => Path.Combine(Speech.RepositoryRootPath, "samples", "hello.wav");

    [Fact]
    public async Task Server_vad_turns_give_speech_events_a_commit_and_the_transcript()
    {
        var history = new MemoryHistory();
        await using var server = await TestServer.StartAsync(engine, history: history);
        await using var client = await RealtimeTestClient.ConnectAsync(server.Address);
        var created = await client.WaitForAsync("session.created");
        Assert.Equal("transcription", (string?)created["session"]!["type"]);

        await client.SendAsync(new
        {
            type = "session.update",
            session = new
            {
                type = "transcription",
                audio = new
                {
                    input = new
                    {
                        format = new { type = "audio/pcm", rate = 24000 },
                        transcription = new { model = "gpt-4o-transcribe", language = "en" },
                        turn_detection = new { type = "server_vad", threshold = 0.5, prefix_padding_ms = 300, silence_duration_ms = 500 },
                    },
                },
            },
        });
        var updated = await client.WaitForAsync("session.updated");
        var input = updated["session"]!["audio"]!["input"]!;
        Assert.Equal(24000, (int)input["format"]!["rate"]!);
        Assert.Equal("en", (string?)input["transcription"]!["language"]);
        Assert.Equal(500, (int)input["turn_detection"]!["silence_duration_ms"]!);

        await client.AppendPcm16Async(await RealtimeTestClient.LoadAsync(HelloPath));
        await client.AppendPcm16Async(new float[16_000 * 2]);

        var started = await client.WaitForAsync("input_audio_buffer.speech_started");
        var stopped = await client.WaitForAsync("input_audio_buffer.speech_stopped");
        var committed = await client.WaitForAsync("input_audio_buffer.committed");
        var completed = await client.WaitForAsync("conversation.item.input_audio_transcription.completed");
        string item = (string)started["item_id"]!;
        Assert.Equal(item, (string?)stopped["item_id"]);
        Assert.Equal(item, (string?)committed["item_id"]);
        Assert.Equal(item, (string?)completed["item_id"]);
        Assert.Equal(0, (int)completed["content_index"]!);
        Assert.True((long)stopped["audio_end_ms"]! > (long)started["audio_start_ms"]! + 2000);
        string transcript = (string)completed["transcript"]!;
        Assert.InRange(Speech.Wer(Speech.HelloText, transcript), 0, Speech.MaxWordErrorRate);
        // Deltas are append-only pieces of this item's text: the words previews agreed on, then the rest of the final.
        string deltas = string.Concat(client.Received.Where(e => (string?)e["type"] == "conversation.item.input_audio_transcription.delta" && (string?)e["item_id"] == item).Select(e => (string)e["delta"]!));
        Assert.InRange(Speech.Wer(transcript, deltas), 0, Speech.MaxWordErrorRate);
        Assert.Equal(transcript, Assert.Single(history.Entries).Text);
    }

    [Fact]
    public async Task Manual_commits_in_the_older_session_shape_transcribe_each_commit()
    {
        await using var server = await TestServer.StartAsync(engine);
        await using var client = await RealtimeTestClient.ConnectAsync(server.Address);
        await client.WaitForAsync("session.created");
        await client.SendTextAsync("""
            {"type":"transcription_session.update","session":{"input_audio_format":"pcm16",
             "input_audio_transcription":{"model":"whisper-1","language":"en"},"turn_detection":null}}
            """);
        var updated = await client.WaitForAsync("transcription_session.updated");
        Assert.Null(updated["session"]!["turn_detection"]);

        var hello = await RealtimeTestClient.LoadAsync(HelloPath);
        await client.AppendPcm16Async(hello);
        await client.SendAsync(new { type = "input_audio_buffer.commit" });
        var first = await client.WaitForAsync("input_audio_buffer.committed");
        Assert.Null(first["previous_item_id"]);
        var firstDone = await client.WaitForAsync("conversation.item.input_audio_transcription.completed");
        Assert.Equal((string?)first["item_id"], (string?)firstDone["item_id"]);
        Assert.InRange(Speech.Wer(Speech.HelloText, (string)firstDone["transcript"]!), 0, Speech.MaxWordErrorRate);

        // A cleared buffer is gone: the next commit holds only what came after the clear.
        await client.AppendPcm16Async(new float[16_000]);
        await client.SendAsync(new { type = "input_audio_buffer.clear" });
        await client.WaitForAsync("input_audio_buffer.cleared");
        await client.AppendPcm16Async(hello);
        await client.SendAsync(new { type = "input_audio_buffer.commit" });
        var second = await client.WaitForAsync("input_audio_buffer.committed");
        Assert.Equal((string?)first["item_id"], (string?)second["previous_item_id"]);
        var secondDone = await client.WaitForAsync("conversation.item.input_audio_transcription.completed");
        Assert.InRange(Speech.Wer(Speech.HelloText, (string)secondDone["transcript"]!), 0, Speech.MaxWordErrorRate);
        Assert.InRange((long)secondDone["usage"]!["seconds"]!, 3, 5);
    }

    [Theory]
    [InlineData("audio/pcmu")]
    [InlineData("audio/pcma")]
    public async Task G711_input_at_8_kHz_is_transcribed(string format)
    {
        await using var server = await TestServer.StartAsync(engine);
        await using var client = await RealtimeTestClient.ConnectAsync(server.Address);
        await client.SendAsync(new { type = "session.update", session = new { type = "transcription", audio = new { input = new { format = new { type = format }, turn_detection = (object?)null } } } });
        var updated = await client.WaitForAsync("session.updated");
        Assert.Equal(format, (string?)updated["session"]!["audio"]!["input"]!["format"]!["type"]);

        var hello = await RealtimeTestClient.LoadAsync(HelloPath);
        float[] narrow = VoiceFlow.Core.Audio.Resampler.Resample(hello.Span, 16_000, 8_000);
        await client.AppendBytesAsync(format == "audio/pcmu" ? G711Encoder.MuLaw(narrow) : G711Encoder.ALaw(narrow), 800);
        await client.SendAsync(new { type = "input_audio_buffer.commit" });
        var done = await client.WaitForAsync("conversation.item.input_audio_transcription.completed");

        // Telephone bandwidth costs PocketSphinx's wide-band model some words; the sentence must still come through.
        Assert.InRange(Speech.Wer(Speech.HelloText, (string)done["transcript"]!), 0, 0.6);
    }

    [Fact]
    public async Task The_key_may_come_as_bearer_query_or_browser_subprotocol_and_is_required()
    {
        const string Key = "realtime-key-12345678";
        await using var server = await TestServer.StartAsync(engine, o => o with { ApiKey = Key });

        await using (var anonymous = await RealtimeTestClient.ConnectAsync(server.Address))
        {
            Assert.Equal((WebSocketCloseStatus)4401, await anonymous.WaitForCloseAsync());
        }

        await using (var bearer = await RealtimeTestClient.ConnectAsync(server.Address, bearer: Key))
        {
            await bearer.WaitForAsync("session.created");
        }

        await using (var query = await RealtimeTestClient.ConnectAsync(server.Address, $"intent=transcription&api_key={Key}"))
        {
            await query.WaitForAsync("session.created");
        }

        await using (var browser = await RealtimeTestClient.ConnectAsync(server.Address, "intent=transcription", null, "realtime", "openai-insecure-api-key." + Key))
        {
            Assert.Equal("realtime", browser.Socket.SubProtocol);
            await browser.WaitForAsync("session.created");
        }

        await using var wrong = await RealtimeTestClient.ConnectAsync(server.Address, "intent=transcription", null, "realtime", "openai-insecure-api-key.wrong");
        Assert.Equal((WebSocketCloseStatus)4401, await wrong.WaitForCloseAsync());
    }

    [Theory]
    [InlineData("intent=conversation", "intent")]
    [InlineData("model=gpt-realtime", "model")]
    public async Task A_session_this_server_cannot_serve_is_refused_with_an_error_event(string query, string param)
    {
        await using var server = await TestServer.StartAsync(engine);
        await using var client = await RealtimeTestClient.ConnectAsync(server.Address, query);

        var error = await client.WaitForAsync("error");
        Assert.Equal(param, (string?)error["error"]!["param"]);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await client.WaitForCloseAsync());
    }

    internal static JsonNode Error(JsonObject error) => error["error"]!;
}
