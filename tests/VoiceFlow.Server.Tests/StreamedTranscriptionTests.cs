// OpenAI marks its streamed transcription API as for evaluation (OPENAI001): it is exactly what these tests exercise.
#pragma warning disable OPENAI001
using System.ClientModel;
using System.Net;
using System.Text.Json;
using OpenAI;
using OpenAI.Audio;
using VoiceFlow.Dictation.Tests.Support;
using VoiceFlow.Server.Tests.Support;

namespace VoiceFlow.Server.Tests;

/// <summary><c>stream=true</c> on /v1/audio/transcriptions (server-sent events) and the OpenAI model aliases, through official clients.</summary>
public sealed class StreamedTranscriptionTests(EngineFixture engine)
{
    [Fact]
    public async Task The_openai_sdk_streams_deltas_then_the_whole_text()
    {
        var sentence = Speech.CleanSentences(1).Single();
        var history = new MemoryHistory();
        await using var server = await TestServer.StartAsync(engine, o => o with { ApiKey = "sse-key-12345678" }, history);
        var client = new OpenAIClient(new ApiKeyCredential("sse-key-12345678"), new OpenAIClientOptions { Endpoint = new Uri(server.Address, "/v1") });
        var audio = client.GetAudioClient("gpt-4o-transcribe");

        await using var file = File.OpenRead(sentence.Path);
        var deltas = new List<string>();
        string? done = null;
        var updates = await audio.TranscribeAudioStreamingAsync(file, "sentence.wav", new AudioTranscriptionOptions { Language = "en" }, TestContext.Current.CancellationToken);
        await foreach (var update in updates)
        {
            switch (update)
            {
                case StreamingAudioTranscriptionTextDeltaUpdate delta:
                    Assert.Null(done);
                    deltas.Add(delta.Delta);
                    break;
                case StreamingAudioTranscriptionTextDoneUpdate finished:
                    done = finished.Text;
                    break;
            }
        }

        Assert.NotEmpty(deltas);
        Assert.NotNull(done);
        Assert.InRange(Speech.Wer(sentence.ReferenceText, done), 0, Speech.MaxWordErrorRate);
        // The deltas are the engine's segments before clean-up: the same words as the final text.
        Assert.InRange(Speech.Wer(done, string.Concat(deltas)), 0, 0.2);
        Assert.Equal(done, Assert.Single(history.Entries).Text);
    }

    [Fact]
    public async Task The_openai_npm_package_streams_a_transcription()
    {
        NpmClients.EnsureInstalled();
        await using var server = await TestServer.StartAsync(engine, o => o with { ApiKey = "npm-key-12345678" });
        string wav = Path.Combine(Speech.RepositoryRootPath, "samples", "hello.wav");

        var lines = await NpmClients.RunAsync("stream-transcription.mjs", [new Uri(server.Address, "/v1").ToString(), "npm-key-12345678", wav, "gpt-4o-mini-transcribe"]);

        using var summary = JsonDocument.Parse(lines[^1]);
        string text = summary.RootElement.GetProperty("text").GetString()!;
        Assert.InRange(Speech.Wer(Speech.HelloText, text), 0, Speech.MaxWordErrorRate);
        Assert.True(summary.RootElement.GetProperty("events").GetInt32() >= 2);
        Assert.InRange(Speech.Wer(text, summary.RootElement.GetProperty("deltas").GetString()!), 0, 0.2);
        using var last = JsonDocument.Parse(lines[^2]);
        Assert.Equal("transcript.text.done", last.RootElement.GetProperty("type").GetString());
        Assert.Equal("duration", last.RootElement.GetProperty("usage").GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_stream_is_server_sent_events_with_data_lines()
    {
        await using var server = await TestServer.StartAsync(engine);
        using var response = await server.TranscribeAsync(Speech.Hello, ("model", "whisper-1"), ("stream", "true"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        string body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var events = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(events, e => Assert.StartsWith("data: {", e, StringComparison.Ordinal));
        var types = events.Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement.GetProperty("type").GetString()).ToList();
        Assert.Equal("transcript.text.done", types[^1]);
        Assert.All(types[..^1], t => Assert.Equal("transcript.text.delta", t));
        Assert.True(types.Count >= 2);
    }

    [Fact]
    public async Task A_stream_that_fails_before_any_text_is_an_ordinary_json_error()
    {
        await using var server = await TestServer.StartAsync(engine);
        using var response = await server.TranscribeAsync("not audio at all"u8.ToArray(), ("stream", "true"));

        await ErrorTests.AssertErrorAsync(response, HttpStatusCode.BadRequest, "file", "");
    }

    [Theory]
    [InlineData("stream", "yes", "stream")]
    [InlineData("response_format", "srt", "stream")]
    public async Task Bad_stream_requests_name_the_field(string field, string value, string param)
    {
        await using var server = await TestServer.StartAsync(engine);
        using var response = await server.TranscribeAsync(Speech.Hello, ("stream", "true"), (field, value));

        await ErrorTests.AssertErrorAsync(response, HttpStatusCode.BadRequest, param, field);
    }

    [Fact]
    public async Task The_openai_model_names_are_aliases_of_the_loaded_model_and_listed()
    {
        await using var server = await TestServer.StartAsync(engine);
        var ct = TestContext.Current.CancellationToken;
        using var models = JsonDocument.Parse(await server.Client.GetStringAsync("/v1/models", ct));
        var ids = models.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Equal(["pocketsphinx", "whisper-1", "gpt-4o-transcribe", "gpt-4o-mini-transcribe"], ids);

        foreach (string model in new[] { "gpt-4o-transcribe", "gpt-4o-mini-transcribe", "whisper-1" })
        {
            using var ok = await server.TranscribeAsync(Speech.Hello, ("model", model));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var unknown = await server.TranscribeAsync(Speech.Hello, ("model", "gpt-5-transcribe"));
        await ErrorTests.AssertErrorAsync(unknown, HttpStatusCode.BadRequest, "model", "gpt-4o-transcribe");
    }
}
