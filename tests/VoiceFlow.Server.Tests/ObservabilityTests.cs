using System.Net;
using System.Text.Json;
using VoiceFlow.Server.Tests.Support;

namespace VoiceFlow.Server.Tests;

/// <summary>/metrics (Prometheus text), /v1/stats (the page's chart data), /health, /v1/models, headers and the page.</summary>
public sealed class ObservabilityTests(EngineFixture engine)
{
    [Fact]
    public async Task Metrics_stats_and_health_describe_the_transcriptions_done()
    {
        await using var server = await TestServer.StartAsync(engine);
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.OK, (await server.TranscribeAsync(Speech.Hello)).StatusCode);

        var metrics = await server.Client.GetAsync("/metrics", ct);
        Assert.Equal("text/plain", metrics.Content.Headers.ContentType?.MediaType);
        string text = await metrics.Content.ReadAsStringAsync(ct);
        Assert.Contains("# TYPE voiceflow_transcriptions_total counter", text, StringComparison.Ordinal);
        Assert.Contains("voiceflow_transcriptions_total{engine=\"pocketsphinx\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE voiceflow_queue_length gauge", text, StringComparison.Ordinal);
        Assert.Contains("voiceflow_transcription_speed_factor_bucket{engine=\"pocketsphinx\",le=\"+Inf\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("voiceflow_stage_duration_milliseconds_count{engine=\"pocketsphinx\",stage=\"recognise\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("voiceflow_transcription_duration_seconds_sum{engine=\"pocketsphinx\"}", text, StringComparison.Ordinal);
        Assert.Contains("voiceflow_http_requests_total{route=\"/v1/audio/transcriptions\",status=\"200\"} 1\n", text, StringComparison.Ordinal);

        using var stats = JsonDocument.Parse(await server.Client.GetStringAsync("/v1/stats", ct));
        var summary = stats.RootElement.GetProperty("summary");
        Assert.Equal(1, summary.GetProperty("total_transcriptions").GetInt32());
        Assert.True(summary.GetProperty("average_speed_factor").GetDouble() > 0);
        Assert.True(summary.GetProperty("average_stage_ms").GetProperty("recognise").GetDouble() > 0);
        var recent = Assert.Single(stats.RootElement.GetProperty("recent").EnumerateArray());
        Assert.InRange(recent.GetProperty("audio_seconds").GetDouble(), 3.5, 3.7);
        Assert.True(recent.GetProperty("processing_seconds").GetDouble() > 0);
        Assert.True(recent.GetProperty("speed_factor").GetDouble() > 0);
        Assert.True(recent.GetProperty("time").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.True(recent.GetProperty("stages").GetProperty("decode").GetDouble() >= 0);

        using var health = JsonDocument.Parse(await server.Client.GetStringAsync("/health", ct));
        Assert.Equal("ok", health.RootElement.GetProperty("status").GetString());
        using var models = JsonDocument.Parse(await server.Client.GetStringAsync("/v1/models", ct));
        Assert.Equal("pocketsphinx", models.RootElement.GetProperty("data")[0].GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/health")]
    [InlineData("/v1/models")]
    [InlineData("/no-such-file.js")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        await using var server = await TestServer.StartAsync(engine);
        var response = await server.Client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        string csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task The_page_is_served_at_the_root_as_html_without_inline_script()
    {
        await using var server = await TestServer.StartAsync(engine);
        var response = await server.Client.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        string html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("VoiceFlow", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)[^>]*>", html);
    }

    [Theory]
    [InlineData("/../../etc/passwd")]
    [InlineData("/%2e%2e/%2e%2e/etc/passwd")]
    [InlineData("/wwwroot/index.html")]
    public async Task Paths_outside_the_embedded_page_are_not_found(string path)
    {
        await using var server = await TestServer.StartAsync(engine);
        var response = await server.Client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
