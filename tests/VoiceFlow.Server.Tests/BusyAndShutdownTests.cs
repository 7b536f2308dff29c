using System.Net;
using System.Text.Json;
using VoiceFlow.Server.Tests.Support;
using VoiceFlow.ServerBench;

namespace VoiceFlow.Server.Tests;

/// <summary>Bounded concurrency (429 with Retry-After) and graceful shutdown (in-flight work finishes, new work gets 503).</summary>
public sealed class BusyAndShutdownTests(EngineFixture engine)
{
    [Fact]
    public async Task A_burst_past_concurrency_and_queue_gets_429_with_retry_after_and_the_rest_succeed()
    {
        await using var server = await TestServer.StartAsync(engine, o => o with { MaxConcurrentTranscriptionJobs = 1, MaxQueuedTranscriptionJobs = 0 });
        var ct = TestContext.Current.CancellationToken;
        byte[] audio = Speech.Hello;

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => server.TranscribeAsync(audio)));

        var busy = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(busy);
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        foreach (var response in busy)
        {
            Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "429 without a Retry-After of at least 1 s");
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            Assert.Contains("busy", doc.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await server.TranscribeAsync(audio)).StatusCode);
    }

    [Fact]
    public async Task Stopping_finishes_the_in_flight_request_and_refuses_new_ones()
    {
        var history = new GatedHistory();
        var server = await TestServer.StartAsync(engine, history: history);
        await using var _ = server;
        var ct = TestContext.Current.CancellationToken;
        var inFlight = server.TranscribeAsync(Speech.Hello);
        await history.WriteReached.WaitAsync(TimeSpan.FromSeconds(30), ct); // transcribed, held in flight at its history write
        using (var health = JsonDocument.Parse(await server.Client.GetStringAsync("/health", ct)))
        {
            Assert.Equal(1, health.RootElement.GetProperty("active_requests").GetInt32());
        }

        var stop = server.Server.StopAsync(ct);
        history.Release();
        var response = await inFlight;
        await stop;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.InRange(Speech.Wer(Speech.HelloText, result.RootElement.GetProperty("text").GetString()!), 0, Speech.MaxWordErrorRate);
        await Assert.ThrowsAsync<HttpRequestException>(() => server.TranscribeAsync(Speech.Hello));
    }

    [Fact]
    public async Task While_stopping_a_request_on_an_open_connection_gets_503_with_retry_after()
    {
        var history = new GatedHistory();
        var server = await TestServer.StartAsync(engine, history: history);
        await using var _ = server;
        var ct = TestContext.Current.CancellationToken;
        var inFlight = server.TranscribeAsync(Speech.Hello);
        using var second = new HttpClient { BaseAddress = server.Address };
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/health", ct)).StatusCode); // opens a keep-alive connection
        await history.WriteReached.WaitAsync(TimeSpan.FromSeconds(30), ct); // the first request is held in flight

        var stop = server.Server.StopAsync(ct);
        var refused = await second.PostAsync("/v1/audio/transcriptions", Multipart.Transcription(Speech.Hello), ct);
        history.Release();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await inFlight).StatusCode);
        await stop;
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 30 s");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
