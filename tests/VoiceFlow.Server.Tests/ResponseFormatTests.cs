using System.Net;
using System.Text.Json;
using VoiceFlow.Server.Tests.Support;

namespace VoiceFlow.Server.Tests;

/// <summary>POST /v1/audio/transcriptions in every OpenAI response format, over a real server.</summary>
public sealed class ResponseFormatTests(EngineFixture engine)
{
    [Fact]
    public async Task Every_response_format_carries_the_transcript_in_its_own_shape()
    {
        await using var server = await TestServer.StartAsync(engine, o => o with { EnableAdaptiveModelAccess = true, MaxConcurrentTranscriptionJobs = 2 });
        var ct = TestContext.Current.CancellationToken;
        byte[] audio = Speech.Hello;

        var json = await server.TranscribeAsync(audio, ("model", "whisper-1"));
        var text = await server.TranscribeAsync(audio, ("response_format", "text"));
        var srt = await server.TranscribeAsync(audio, ("response_format", "srt"));
        var vtt = await server.TranscribeAsync(audio, ("response_format", "vtt"));
        var verbose = await server.TranscribeAsync(audio, ("response_format", "verbose_json"), ("timestamp_granularities[]", "word"), ("timestamp_granularities[]", "segment"));

        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        using var jsonDoc = JsonDocument.Parse(await json.Content.ReadAsStringAsync(ct));
        string jsonText = jsonDoc.RootElement.GetProperty("text").GetString()!;
        Assert.InRange(Speech.Wer(Speech.HelloText, jsonText), 0, Speech.MaxWordErrorRate);

        Assert.Equal("text/plain", text.Content.Headers.ContentType?.MediaType);
        Assert.Equal(jsonText + "\n", await text.Content.ReadAsStringAsync(ct));

        string srtBody = await srt.Content.ReadAsStringAsync(ct);
        Assert.Matches(@"^1\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}\n\S", srtBody);

        string vttBody = await vtt.Content.ReadAsStringAsync(ct);
        Assert.Equal("text/vtt", vtt.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("WEBVTT\n\n", vttBody, StringComparison.Ordinal);
        Assert.Matches(@"\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}\n\S", vttBody);

        Assert.Equal(HttpStatusCode.OK, verbose.StatusCode);
        using var verboseDoc = JsonDocument.Parse(await verbose.Content.ReadAsStringAsync(ct));
        var root = verboseDoc.RootElement;
        Assert.Equal("transcribe", root.GetProperty("task").GetString());
        Assert.Equal("en", root.GetProperty("language").GetString());
        Assert.InRange(root.GetProperty("duration").GetDouble(), 3.5, 3.7);
        Assert.Equal(jsonText, root.GetProperty("text").GetString());
        var segment = Assert.Single(root.GetProperty("segments").EnumerateArray());
        Assert.True(segment.GetProperty("end").GetDouble() > segment.GetProperty("start").GetDouble());
        var words = root.GetProperty("words").EnumerateArray().ToList();
        Assert.InRange(words.Count, 8, 12);
        Assert.All(words, w => Assert.True(w.GetProperty("end").GetDouble() >= w.GetProperty("start").GetDouble()));
        Assert.Equal("tomorrow", words[^1].GetProperty("word").GetString());
    }

    [Fact]
    public async Task Verbose_json_without_word_granularity_has_no_words()
    {
        await using var server = await TestServer.StartAsync(engine);
        var response = await server.TranscribeAsync(Speech.Hello, ("response_format", "verbose_json"));
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.False(doc.RootElement.TryGetProperty("words", out _));
        Assert.NotEmpty(doc.RootElement.GetProperty("segments").EnumerateArray());
    }

    [Fact]
    public async Task Subtitles_follow_the_servers_subtitle_settings()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var defaults = await TestServer.StartAsync(engine);
        string oneCue = await (await defaults.TranscribeAsync(Speech.Hello, ("response_format", "srt"))).Content.ReadAsStringAsync(ct);
        await using var server = await TestServer.StartAsync(engine, o => o with { SubtitleMaxWords = 1 });

        var srt = await server.TranscribeAsync(Speech.Hello, ("response_format", "srt"));
        var vtt = await server.TranscribeAsync(Speech.Hello, ("response_format", "vtt"));

        Assert.Equal(HttpStatusCode.OK, srt.StatusCode);
        string[] srtCues = (await srt.Content.ReadAsStringAsync(ct)).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        string[] vttCues = (await vtt.Content.ReadAsStringAsync(ct)).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)[1..];
        // The hello sentence is 8 to 12 words: one cue by default (2 lines of 42), a cue per word here.
        Assert.Single(oneCue.Split("\n\n", StringSplitOptions.RemoveEmptyEntries));
        Assert.InRange(srtCues.Length, 8, 12);
        Assert.Equal(srtCues.Length, vttCues.Length);
        Assert.All(srtCues, cue => Assert.DoesNotContain(' ', cue.Split('\n')[2]));
    }
}
