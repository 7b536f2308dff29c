using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.Transcripts;

namespace VoiceFlow.Core.Tests.Transcripts;

public class TranscriptWriterTests
{
    private static TranscriptResult Sample() => TranscriptResult.Create(
        file: "talk.wav",
        engine: "whisper",
        model: "tiny.en",
        language: "en",
        duration: TimeSpan.FromSeconds(3725.5),
        processing: TimeSpan.FromSeconds(12.5),
        segments:
        [
            new Segment(" Hello <world> & you", TimeSpan.FromSeconds(0), TimeSpan.FromSeconds(2.5), 0.9f,
                [new SegmentToken(50363, "Hello", 0.75f, TimeSpan.Zero, TimeSpan.FromSeconds(0.5))],
                [new WordTiming("Hello", TimeSpan.Zero, TimeSpan.FromSeconds(0.5), 0.5f)]),
            Segment.Plain("  ", TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(3)),
            Segment.Plain("first line\n\nsecond --> line ", TimeSpan.FromSeconds(3599.9996), TimeSpan.FromSeconds(3725.1234)),
        ],
        stages: new Dictionary<string, TimeSpan> { ["decode"] = TimeSpan.FromMilliseconds(10.25), ["vad"] = TimeSpan.FromMilliseconds(1) });

    /// <summary>The sample with its last segment 5 s long, so it stays one cue.</summary>
    private static TranscriptResult ShortLastSegment()
    {
        var sample = Sample();
        return sample with { Segments = [sample.Segments[0], sample.Segments[1], sample.Segments[2] with { End = 3605.123 }] };
    }

    [Fact]
    public void Create_fills_text_speed_factor_and_rounded_times()
    {
        var result = Sample();

        Assert.Equal("Hello <world> & you first line\n\nsecond --> line", result.Text);
        Assert.Equal(298.04, result.SpeedFactor);
        Assert.Equal(3725.123, result.Segments[2].End);
        Assert.Equal(3600.0, result.Segments[2].Start);
        Assert.Null(result.Segments[1].Tokens);
        Assert.Equal(0, TranscriptResult.Create("a", "e", null, "en", TimeSpan.FromSeconds(1), TimeSpan.Zero, []).SpeedFactor);
    }

    [Fact]
    public void Txt_is_the_text_on_one_line()
    {
        var result = Sample() with { Text = "just this" };
        Assert.Equal("just this\n", TranscriptWriters.For("txt").WriteToString(result));
    }

    [Fact]
    public void Srt_numbers_cues_uses_comma_milliseconds_and_skips_empty_text()
    {
        string expected =
            "1\n00:00:00,000 --> 00:00:02,500\nHello <world> & you\n\n" +
            "2\n01:00:00,000 --> 01:00:05,123\nfirst line second --> line\n\n";
        Assert.Equal(expected, TranscriptWriters.For("srt").WriteToString(ShortLastSegment()));
    }

    [Fact]
    public void Vtt_has_header_dot_milliseconds_and_escaped_text()
    {
        string expected =
            "WEBVTT\n\n" +
            "00:00:00.000 --> 00:00:02.500\nHello &lt;world&gt; &amp; you\n\n" +
            "01:00:00.000 --> 01:00:05.123\nfirst line second --&gt; line\n\n";
        Assert.Equal(expected, TranscriptWriters.For("VTT").WriteToString(ShortLastSegment()));
    }

    [Fact]
    public void Subtitles_of_no_segments_are_empty_or_just_the_header()
    {
        var empty = Sample() with { Segments = [] };
        Assert.Equal("", new SrtTranscriptWriter().WriteToString(empty));
        Assert.Equal("WEBVTT\n\n", new VttTranscriptWriter().WriteToString(empty));
    }

    [Fact]
    public void Json_has_the_documented_snake_case_fields()
    {
        var result = TranscriptResult.Create("café.wav", "pocketsphinx", null, "en", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(0.5),
            [
                new Segment("don't stop", TimeSpan.FromSeconds(0.25), TimeSpan.FromSeconds(1.5), 0.9f,
                    [new SegmentToken(7, "don't", 0.5f, TimeSpan.FromSeconds(0.25), TimeSpan.FromSeconds(0.75))],
                    [new WordTiming("stop", TimeSpan.FromSeconds(0.75), TimeSpan.FromSeconds(1.5), 0.25f)]),
                Segment.Plain("\"quoted\"", TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2)),
            ],
            new Dictionary<string, TimeSpan> { ["decode"] = TimeSpan.FromMilliseconds(400) });

        string expected = """
            {
              "file": "café.wav",
              "engine": "pocketsphinx",
              "model": null,
              "language": "en",
              "duration_s": 2,
              "processing_s": 0.5,
              "speed_factor": 4,
              "text": "don't stop \"quoted\"",
              "segments": [
                {
                  "start": 0.25,
                  "end": 1.5,
                  "text": "don't stop",
                  "tokens": [
                    {
                      "id": 7,
                      "text": "don't",
                      "p": 0.5,
                      "start": 0.25,
                      "end": 0.75
                    }
                  ],
                  "words": [
                    {
                      "word": "stop",
                      "start": 0.75,
                      "end": 1.5,
                      "confidence": 0.25
                    }
                  ]
                },
                {
                  "start": 1.5,
                  "end": 2,
                  "text": "\"quoted\""
                }
              ],
              "stages": {
                "decode": 400
              }
            }

            """;
        string json = TranscriptWriters.For("json").WriteToString(result);
        Assert.Equal(expected, json);
        Assert.Equal(result.Text, JsonTranscriptWriter.Read(json)!.Text);
    }

    [Fact]
    public void Unknown_format_names_the_allowed_ones()
    {
        var error = Assert.Throws<ConfigurationException>(() => TranscriptWriters.For("docx"));
        Assert.Equal("unknown output format 'docx' (allowed: txt, json, srt, vtt)", error.Message);
    }
}
