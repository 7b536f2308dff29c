using System.Net.WebSockets;
using VoiceFlow.Dictation.Tests.Support;
using VoiceFlow.Server.Tests.Support;
using VoiceFlow.ServerBench;

namespace VoiceFlow.Server.Tests;

/// <summary>GET /v1/stream over a real WebSocket: corpus speech in, finals within the engine's WER, done, clean close.</summary>
public sealed class StreamTests(EngineFixture engine)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Streamed_speech_comes_back_as_finals_then_done_and_a_normal_close(bool float32)
    {
        var sentences = Speech.CleanSentences(2);
        var history = new MemoryHistory();
        await using var server = await TestServer.StartAsync(engine, history: history);
        var ct = TestContext.Current.CancellationToken;
        await using var client = new StreamingClient(float32);
        await client.ConnectAsync(server.Server.StreamAddress, null, ct);

        float[] gap = new float[16_000];
        await client.SendAsync((float[])[.. gap[..4000], .. sentences[0].LoadSamples(), .. gap, .. sentences[1].LoadSamples(), .. gap[..4000]], realtime: false, ct);
        await client.StopAsync(Patience, ct);

        var events = client.Events;
        Assert.Equal("done", events[^1].Type);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
        Assert.DoesNotContain(events, e => e.Type == "error");
        var finals = events.Where(e => e.Type == "final").ToList();
        Assert.NotEmpty(finals);
        string heard = string.Join(' ', finals.Select(f => f.Text));
        Assert.InRange(Speech.Wer(sentences[0].ReferenceText + " " + sentences[1].ReferenceText, heard), 0, Speech.MaxWordErrorRate);
        foreach (var final in finals)
        {
            Assert.True(final.Json.GetProperty("end").GetDouble() > final.Json.GetProperty("start").GetDouble());
            Assert.True(final.Json.GetProperty("processing_ms").GetDouble() >= 0);
            int index = events.ToList().IndexOf(final);
            Assert.Equal("stats", events[index + 1].Type);
            Assert.True(events[index + 1].Json.GetProperty("audio_seconds").GetDouble() > 0);
        }

        Assert.True(finals.Zip(finals.Skip(1)).All(p => p.Second.Json.GetProperty("start").GetDouble() >= p.First.Json.GetProperty("end").GetDouble() - 0.01));
        Assert.Equal(finals.Count, history.Entries.Count);
    }

    [Theory]
    [InlineData("sample_rate=44100", "16000")]
    [InlineData("encoding=mp3", "pcm16")]
    [InlineData("language=English", "ISO 639-1")]
    public async Task A_bad_query_gets_an_error_event_and_a_policy_close(string query, string messagePart)
    {
        await using var server = await TestServer.StartAsync(engine);
        var ct = TestContext.Current.CancellationToken;
        await using var client = new StreamingClient();
        await client.ConnectAsync(new UriBuilder(server.Server.StreamAddress) { Query = query }.Uri, null, ct);
        await client.WaitForCloseAsync(Patience, ct);

        var error = Assert.Single(client.Events);
        Assert.Equal("error", error.Type);
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, client.CloseStatus);
    }

    [Fact]
    public async Task An_unknown_text_message_gets_an_error_event_and_the_stream_goes_on()
    {
        await using var server = await TestServer.StartAsync(engine);
        var ct = TestContext.Current.CancellationToken;
        await using var client = new StreamingClient();
        await client.ConnectAsync(server.Server.StreamAddress, null, ct);
        await client.SendTextAsync("{\"type\":\"pause\"}", ct);
        await client.SendTextAsync("not json", ct);
        await client.StopAsync(Patience, ct);

        Assert.Equal(["error", "error", "done"], client.Events.Select(e => e.Type));
        Assert.Contains("'pause'", client.Events[0].Message, StringComparison.Ordinal);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
    }

    [Fact]
    public async Task With_a_key_the_stream_takes_it_as_a_query_parameter_and_refuses_without_it()
    {
        const string key = "stream-key-12345678";
        await using var server = await TestServer.StartAsync(engine, o => o with { ApiKey = key });
        var ct = TestContext.Current.CancellationToken;

        await using (var refused = new StreamingClient())
        {
            await refused.ConnectAsync(server.Server.StreamAddress, null, ct);
            await refused.WaitForCloseAsync(Patience, ct);
            Assert.Equal((WebSocketCloseStatus)4401, refused.CloseStatus);
        }

        await using var accepted = new StreamingClient();
        await accepted.ConnectAsync(new UriBuilder(server.Server.StreamAddress) { Query = "api_key=" + key }.Uri, null, ct);
        await accepted.StopAsync(Patience, ct);
        Assert.Equal("done", Assert.Single(accepted.Events).Type);
    }

    [Fact]
    public async Task A_client_that_vanishes_mid_utterance_costs_nothing_but_its_own_stream()
    {
        var sentence = Speech.CleanSentences(1)[0];
        await using var server = await TestServer.StartAsync(engine);
        var ct = TestContext.Current.CancellationToken;
        var samples = sentence.LoadSamples();
        await using (var dropped = new StreamingClient())
        {
            await dropped.ConnectAsync(server.Server.StreamAddress, null, ct);
            await dropped.SendAsync(samples.AsMemory(0, samples.Length / 2), realtime: false, ct);
            dropped.Abort();
        }

        await BusyAndShutdownTests.WaitUntilAsync(async () => (await server.Client.GetStringAsync("/health", ct)).Contains("\"active_streams\":0", StringComparison.Ordinal));
        await using var next = new StreamingClient();
        await next.ConnectAsync(server.Server.StreamAddress, null, ct);
        await next.SendAsync(samples, realtime: false, ct);
        await next.StopAsync(Patience, ct);
        string heard = string.Join(' ', next.Events.Where(e => e.Type == "final").Select(e => e.Text));
        Assert.InRange(Speech.Wer(sentence.ReferenceText, heard), 0, Speech.MaxWordErrorRate);
    }

    [Fact]
    public async Task Stopping_the_server_flushes_an_open_stream_with_its_finals_then_done()
    {
        var sentence = Speech.CleanSentences(1)[0];
        var server = await TestServer.StartAsync(engine);
        await using var _ = server;
        var ct = TestContext.Current.CancellationToken;
        await using var client = new StreamingClient();
        await client.ConnectAsync(server.Server.StreamAddress, null, ct);
        await client.SendAsync(sentence.LoadSamples(), realtime: false, ct);

        await server.Server.StopAsync(ct);
        await client.WaitForCloseAsync(Patience, ct);

        Assert.Equal("done", client.Events[^1].Type);
        string heard = string.Join(' ', client.Events.Where(e => e.Type == "final").Select(e => e.Text));
        Assert.InRange(Speech.Wer(sentence.ReferenceText, heard), 0, Speech.MaxWordErrorRate);
    }
}
