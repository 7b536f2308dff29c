using System.Net;
using System.Net.Http.Headers;
using VoiceFlow.Core.Errors;
using VoiceFlow.Server.Tests.Support;
using VoiceFlow.ServerBench;

namespace VoiceFlow.Server.Tests;

/// <summary>API key on and off, the loopback rule, and the browser origin check.</summary>
public sealed class AuthTests(EngineFixture engine)
{
    private const string Key = "test-key-0123456789";

    [Fact]
    public async Task With_a_key_every_api_call_needs_the_bearer_key_and_the_page_and_health_stay_open()
    {
        await using var server = await TestServer.StartAsync(engine, o => o with { ApiKey = Key });
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = new HttpClient { BaseAddress = server.Address };

        await ErrorTests.AssertErrorAsync(await anonymous.GetAsync("/v1/models", ct), HttpStatusCode.Unauthorized, null, "API key");
        await ErrorTests.AssertErrorAsync(await anonymous.GetAsync("/metrics", ct), HttpStatusCode.Unauthorized, null, "API key");
        var noKey = await anonymous.PostAsync("/v1/audio/transcriptions", Multipart.Transcription(Speech.Hello), ct);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal("Bearer", noKey.Headers.WwwAuthenticate.Single().Scheme);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(wrong, ct)).StatusCode);
        using var queryKey = new HttpRequestMessage(HttpMethod.Get, $"/v1/models?api_key={Key}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(queryKey, ct)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/v1/models", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.TranscribeAsync(Speech.Hello)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/", ct)).StatusCode);
    }

    [Fact]
    public async Task Without_a_key_the_api_is_open_on_loopback()
    {
        await using var server = await TestServer.StartAsync(engine);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/v1/models", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://*:0")]
    [InlineData("http://192.0.2.1:0")]
    public async Task A_non_loopback_address_without_a_key_is_refused_with_a_clear_error(string url)
    {
        var error = await Assert.ThrowsAsync<ConfigurationException>(() => TestServer.StartAsync(engine, o => o with { ServerUrls = url }));
        Assert.Contains("API key", error.Message, StringComparison.Ordinal);
        Assert.Contains(url, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_loopback_address_with_a_key_starts()
    {
        await using var server = await TestServer.StartAsync(engine, o => o with { ServerUrls = "http://0.0.0.0:0", ApiKey = Key });
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Address.Port}") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/models", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task A_browser_request_from_another_site_is_refused()
    {
        await using var server = await TestServer.StartAsync(engine);
        var ct = TestContext.Current.CancellationToken;
        using var foreign = new HttpRequestMessage(HttpMethod.Post, "/v1/audio/transcriptions") { Content = Multipart.Transcription(Speech.Hello) };
        foreign.Headers.Add("Origin", "https://evil.example");
        await ErrorTests.AssertErrorAsync(await server.Client.SendAsync(foreign, ct), HttpStatusCode.Forbidden, null, "evil.example");

        using var own = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        own.Headers.Add("Origin", $"http://127.0.0.1:{server.Address.Port}");
        Assert.Equal(HttpStatusCode.OK, (await server.Client.SendAsync(own, ct)).StatusCode);
    }

    [Fact]
    public async Task A_rebound_host_name_is_refused_on_a_loopback_server()
    {
        await using var server = await TestServer.StartAsync(engine);
        var ct = TestContext.Current.CancellationToken;
        // DNS rebinding: the attacker's name now points at 127.0.0.1, and Origin agrees with Host.
        using var rebound = new HttpRequestMessage(HttpMethod.Post, "/v1/audio/transcriptions") { Content = Multipart.Transcription(Speech.Hello) };
        rebound.Headers.Host = $"evil.example:{server.Address.Port}";
        rebound.Headers.Add("Origin", $"http://evil.example:{server.Address.Port}");
        await ErrorTests.AssertErrorAsync(await server.Client.SendAsync(rebound, ct), HttpStatusCode.MisdirectedRequest, null, "evil.example");

        using var local = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        local.Headers.Host = $"localhost:{server.Address.Port}";
        Assert.Equal(HttpStatusCode.OK, (await server.Client.SendAsync(local, ct)).StatusCode);
    }
}
