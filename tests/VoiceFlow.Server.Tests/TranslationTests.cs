using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Engines;
using VoiceFlow.Server.Tests.Support;
using VoiceFlow.ServerBench;
using VoiceFlow.Tests.Shared;
using VoiceFlow.Whisper.Engine;
using VoiceFlow.Whisper.Model;

namespace VoiceFlow.Server.Tests;

/// <summary>
/// POST /v1/audio/translations and the stream's task=translate over a real server, with the random-weight multilingual
/// Whisper fixture model (its text is gibberish; what is checked is that the task reaches the model and what the
/// responses say), an English-only Whisper model and PocketSphinx (both answer 400).
/// </summary>
public sealed class TranslationTests(EngineFixture engine)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    /// <summary>A server over a Whisper model file (VAD and hallucination filter off: the model's raw output is compared).</summary>
    private static async Task<(VoiceFlowServer Server, HttpClient Client, RecordingFactory Factory)> StartWhisperAsync(string model)
    {
        var factory = new RecordingFactory(new WhisperEngineFactory(WhisperModel.Load(SharedFolder.Require(model)), Path.GetFileName(model)));
        var options = new VoiceFlowOptions
        {
            ServerUrls = "http://127.0.0.1:0",
            Engine = "whisper",
            VadEnabled = false,
            HallucinationFilter = false,
            BeamSize = 1,
            BestOf = 1,
            TemperatureFallback = false,
        };
        var server = await VoiceFlowServer.StartAsync(new VoiceFlowServerSettings { Options = options, Engine = factory }, TestContext.Current.CancellationToken);
        return (server, new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(2) }, factory);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, params (string Name, string Value)[] fields) =>
        client.PostAsync(path, Multipart.Transcription(Speech.Hello, "speech.wav", fields), TestContext.Current.CancellationToken);

    [Fact]
    public async Task Translations_run_the_translate_task_and_report_the_detected_language()
    {
        var (server, client, factory) = await StartWhisperAsync("fixtures/whisper-shapes/models/ggml-random-multi-s64-f32.bin");
        await using var _ = server;
        await using var __ = factory;
        using var ___ = client;
        var ct = TestContext.Current.CancellationToken;

        var translated = await PostAsync(client, "/v1/audio/translations", ("model", "whisper-1"), ("response_format", "verbose_json"));
        var transcribed = await PostAsync(client, "/v1/audio/transcriptions", ("language", "auto"), ("response_format", "verbose_json"));
        Assert.Equal(HttpStatusCode.OK, translated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, transcribed.StatusCode);
        using var t = JsonDocument.Parse(await translated.Content.ReadAsStringAsync(ct));
        using var s = JsonDocument.Parse(await transcribed.Content.ReadAsStringAsync(ct));

        Assert.Equal("translate", t.RootElement.GetProperty("task").GetString());
        Assert.Equal("transcribe", s.RootElement.GetProperty("task").GetString());

        // Both detected the spoken language (the same one: detection does not depend on the task), never "auto".
        string language = t.RootElement.GetProperty("language").GetString()!;
        Assert.NotEqual("auto", language);
        Assert.Equal(s.RootElement.GetProperty("language").GetString(), language);
        Assert.InRange(t.RootElement.GetProperty("language_probability").GetDouble(), 0, 1);

        // The engine was asked to translate (with the spoken language detected), and only for the translation.
        Assert.NotEmpty(t.RootElement.GetProperty("segments").EnumerateArray());
        Assert.Equal([(true, "auto"), (false, "auto")], factory.Asked.Select(o => (o.Translate, o.Language)).Distinct());

        foreach (var (format, mediaType) in new[] { ("json", "application/json"), ("text", "text/plain"), ("srt", "application/x-subrip"), ("vtt", "text/vtt") })
        {
            var response = await PostAsync(client, "/v1/audio/translations", ("response_format", format));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        }

        var streamed = await PostAsync(client, "/v1/audio/translations", ("stream", "true"));
        Assert.Equal(HttpStatusCode.BadRequest, streamed.StatusCode);
        Assert.Contains("do not stream", await streamed.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Word_granularity_with_whisper_gives_dtw_words_inside_their_segments()
    {
        var (server, client, factory) = await StartWhisperAsync("fixtures/whisper-shapes/models/ggml-random-v3turbo-s64-f32.bin");
        await using var _ = server;
        await using var __ = factory;
        using var ___ = client;

        var response = await PostAsync(client, "/v1/audio/transcriptions", ("language", "en"), ("response_format", "verbose_json"), ("timestamp_granularities[]", "word"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var segments = doc.RootElement.GetProperty("segments").EnumerateArray().Select(x => (Start: x.GetProperty("start").GetDouble(), End: x.GetProperty("end").GetDouble())).ToList();
        var words = doc.RootElement.GetProperty("words").EnumerateArray().Select(w => (Start: w.GetProperty("start").GetDouble(), End: w.GetProperty("end").GetDouble())).ToList();

        Assert.NotEmpty(words);
        Assert.True(factory.Asked.All(o => o.WordTimestamps));
        double last = 0;
        foreach (var word in words)
        {
            Assert.True(word.Start >= last - 1e-9 && word.End >= word.Start, $"{word} after {last}");
            Assert.Contains(segments, s => word.Start >= s.Start - 1e-9 && word.End <= s.End + 1e-9);
            last = word.End;
        }
    }

    [Fact]
    public async Task Translations_with_an_english_only_whisper_model_answer_400_naming_the_cause()
    {
        var (server, client, factory) = await StartWhisperAsync("fixtures/whisper/models/ggml-random-test-s64-f32.bin");
        await using var _ = server;
        await using var __ = factory;
        using var ___ = client;

        var response = await PostAsync(client, "/v1/audio/translations");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains("translation needs a multilingual model", body.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Translations_with_pocketsphinx_answer_400_naming_the_cause()
    {
        await using var server = await TestServer.StartAsync(engine);
        var response = await PostAsync(server.Client, "/v1/audio/translations");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("PocketSphinx cannot translate", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_finals_carry_the_detected_language_and_task_translate_reaches_the_engine()
    {
        var (server, client, factory) = await StartWhisperAsync("fixtures/whisper-shapes/models/ggml-random-multi-s64-f32.bin");
        await using var _ = server;
        await using var __ = factory;
        using var ___ = client;
        var ct = TestContext.Current.CancellationToken;
        var speech = Speech.CleanSentences(1)[0].LoadSamples();
        float[] gap = new float[16_000];

        await using var stream = new StreamingClient();
        await stream.ConnectAsync(new UriBuilder(server.StreamAddress) { Query = "language=auto&task=translate" }.Uri, null, ct);
        await stream.SendAsync((float[])[.. gap[..4000], .. speech, .. gap], realtime: false, ct);
        await stream.StopAsync(Patience, ct);

        Assert.DoesNotContain(stream.Events, e => e.Type == "error");
        var final = Assert.Single(stream.Events, e => e.Type == "final");
        Assert.NotEqual("auto", final.Json.GetProperty("language").GetString());
        Assert.InRange(final.Json.GetProperty("language_probability").GetDouble(), 0, 1);
    }

    [Fact]
    public async Task Stream_task_translate_with_pocketsphinx_ends_with_the_engines_error()
    {
        await using var server = await TestServer.StartAsync(engine);
        var ct = TestContext.Current.CancellationToken;
        await using var stream = new StreamingClient();
        await stream.ConnectAsync(new UriBuilder(server.Server.StreamAddress) { Query = "task=translate" }.Uri, null, ct);
        await stream.SendAsync((float[])[.. new float[4000], .. Speech.CleanSentences(1)[0].LoadSamples(), .. new float[16_000]], realtime: false, ct);
        await stream.WaitForCloseAsync(Patience, ct);

        Assert.Contains(stream.Events, e => e.Type == "error" && e.Message!.Contains("PocketSphinx cannot translate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stream_with_an_unknown_task_is_refused()
    {
        await using var server = await TestServer.StartAsync(engine);
        var ct = TestContext.Current.CancellationToken;
        await using var stream = new StreamingClient();
        await stream.ConnectAsync(new UriBuilder(server.Server.StreamAddress) { Query = "task=summarize" }.Uri, null, ct);
        await stream.WaitForCloseAsync(Patience, ct);

        var error = Assert.Single(stream.Events);
        Assert.Contains("task 'summarize' is not supported (allowed: transcribe, translate)", error.Message, StringComparison.Ordinal);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, stream.CloseStatus);
    }

    /// <summary>The engine, remembering the options of every processor the server asked it for.</summary>
    private sealed class RecordingFactory(ISpeechEngineFactory inner) : ISpeechEngineFactory
    {
        private readonly List<TranscriptionOptions> _asked = [];

        public IReadOnlyList<TranscriptionOptions> Asked
        {
            get
            {
                lock (_asked)
                {
                    return [.. _asked];
                }
            }
        }

        public string EngineName => inner.EngineName;

        public string ModelName => inner.ModelName;

        public bool SupportsConcurrentProcessors => inner.SupportsConcurrentProcessors;

        public TimeSpan? MaxChunkDuration => inner.MaxChunkDuration;

        public ISpeechProcessor CreateProcessor(TranscriptionOptions options)
        {
            lock (_asked)
            {
                _asked.Add(options);
            }

            return inner.CreateProcessor(options);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
