using System.Net;
using Microsoft.Extensions.Logging;
using VoiceFlow.Server.Tests.Support;

namespace VoiceFlow.Server.Tests;

/// <summary>Every request leaves one log line (method, path, status, milliseconds); a refused one names its cause.</summary>
public sealed class RequestLogTests(EngineFixture engine)
{
    [Fact]
    public async Task Each_request_is_logged_with_its_status_and_time_and_refusals_with_their_cause()
    {
        using var collector = new LogCollector();
        using var logging = collector.CreateFactory();
        await using (var server = await TestServer.StartAsync(engine, logging: logging))
        {
            var ct = TestContext.Current.CancellationToken;
            Assert.Equal(HttpStatusCode.OK, (await server.TranscribeAsync(Speech.Hello)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("/v1/nothing-here?api_key=secret-in-query", ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/health", ct)).StatusCode);
        }

        var requests = collector.Events.Where(e => e.Category == "VoiceFlow.Server.Requests").ToList();
        Assert.Equal(3, requests.Count);
        Assert.Matches(@"^POST /v1/audio/transcriptions 200 \d+ ms$", requests[0].Message);
        Assert.Equal(LogLevel.Information, requests[0].Level);
        Assert.Matches(@"^GET /v1/nothing-here 404 \d+ ms: no endpoint or file GET /v1/nothing-here$", requests[1].Message);
        Assert.Equal(LogLevel.Warning, requests[1].Level);
        Assert.Matches(@"^GET /health 200 \d+ ms$", requests[2].Message);
        // The query string (it may carry an API key) is never logged.
        Assert.DoesNotContain(collector.Events, e => e.Message.Contains("secret-in-query", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_upload_is_logged_as_a_warning_naming_the_cause()
    {
        using var collector = new LogCollector();
        using var logging = collector.CreateFactory();
        await using (var server = await TestServer.StartAsync(engine, logging: logging))
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await server.TranscribeAsync([])).StatusCode);
        }

        var line = Assert.Single(collector.Events, e => e.Category == "VoiceFlow.Server.Requests");
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.StartsWith("POST /v1/audio/transcriptions 400 ", line.Message, StringComparison.Ordinal);
        Assert.Contains("empty", line.Message, StringComparison.OrdinalIgnoreCase);
    }
}
