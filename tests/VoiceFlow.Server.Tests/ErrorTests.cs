using System.Net;
using System.Text;
using System.Text.Json;
using VoiceFlow.Server.Tests.Support;

namespace VoiceFlow.Server.Tests;

/// <summary>Bad requests get OpenAI's error shape, the right status and a message naming the cause.</summary>
public sealed class ErrorTests(EngineFixture engine)
{
    [Fact]
    public async Task Bad_requests_are_answered_with_openai_errors_naming_the_field()
    {
        await using var server = await TestServer.StartAsync(engine);
        var ct = TestContext.Current.CancellationToken;

        var noFile = new MultipartFormDataContent { { new StringContent("whisper-1"), "model" } };
        await AssertErrorAsync(await server.Client.PostAsync("/v1/audio/transcriptions", noFile, ct), HttpStatusCode.BadRequest, "file", "'file'");
        await AssertErrorAsync(await server.Client.PostAsync("/v1/audio/transcriptions", new StringContent("{}", Encoding.UTF8, "application/json"), ct), HttpStatusCode.BadRequest, "file", "multipart/form-data");
        await AssertErrorAsync(await server.TranscribeAsync(Encoding.UTF8.GetBytes("this is not audio at all, just text renamed to .wav")), HttpStatusCode.BadRequest, "file", "decode");
        await AssertErrorAsync(await server.TranscribeAsync([]), HttpStatusCode.BadRequest, "file", "empty");
        await AssertErrorAsync(await server.TranscribeAsync(Speech.Hello, ("response_format", "mp3")), HttpStatusCode.BadRequest, "response_format", "verbose_json");
        await AssertErrorAsync(await server.TranscribeAsync(Speech.Hello, ("language", "English")), HttpStatusCode.BadRequest, "language", "ISO 639-1");
        await AssertErrorAsync(await server.TranscribeAsync(Speech.Hello, ("temperature", "7")), HttpStatusCode.BadRequest, "temperature", "0 to 1");
        await AssertErrorAsync(await server.TranscribeAsync(Speech.Hello, ("model", "gpt-9")), HttpStatusCode.BadRequest, "model", "pocketsphinx");
        await AssertErrorAsync(await server.TranscribeAsync(Speech.Hello, ("timestamp_granularities[]", "word")), HttpStatusCode.BadRequest, "timestamp_granularities[]", "verbose_json");
        await AssertErrorAsync(await server.Client.GetAsync("/v1/nothing-here", ct), HttpStatusCode.NotFound, null, "/v1/nothing-here");
    }

    [Fact]
    public async Task A_language_the_engine_cannot_recognise_is_a_400_naming_language_not_a_500()
    {
        await using var server = await TestServer.StartAsync(engine);

        // The fixture engine is PocketSphinx's US English model.
        await AssertErrorAsync(await server.TranscribeAsync(Speech.Hello, ("language", "fr")), HttpStatusCode.BadRequest, "language", "language 'fr'");
    }

    [Fact]
    public async Task A_truncated_wav_is_refused_and_the_server_keeps_serving()
    {
        await using var server = await TestServer.StartAsync(engine);
        byte[] truncated = Speech.Hello[..30];
        await AssertErrorAsync(await server.TranscribeAsync(truncated), HttpStatusCode.BadRequest, "file", "upload");
        var health = await server.Client.GetAsync("/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    internal static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string? param, string messagePart)
    {
        string body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        using var doc = JsonDocument.Parse(body);
        var error = doc.RootElement.GetProperty("error");
        Assert.Contains(messagePart, error.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.False(string.IsNullOrEmpty(error.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("code").GetString()));
        var paramElement = error.GetProperty("param");
        Assert.Equal(param, paramElement.ValueKind == JsonValueKind.Null ? null : paramElement.GetString());
    }
}
