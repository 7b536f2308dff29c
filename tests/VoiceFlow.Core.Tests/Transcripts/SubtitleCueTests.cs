using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Transcripts;

namespace VoiceFlow.Core.Tests.Transcripts;

/// <summary>Subtitles people can read: cues cut at word times within 2 lines × 42 characters and 7 s, never zero-length.</summary>
public class SubtitleCueTests
{
    private const string Speech =
        "The meeting started at nine with a review of the budget and everyone agreed that the new office needs better lighting " +
        "so please send the report to the finance team before noon because we will discuss the hiring plan at the next session " +
        "and the project deadline moved to the end of the month";

    private static TranscriptResult OneLongRegion(IReadOnlyList<WordTiming>? words = null) => TranscriptResult.Create(
        "talk.wav", "pocketsphinx", null, "en", TimeSpan.FromSeconds(21), TimeSpan.FromSeconds(1),
        [new Segment(Speech, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(20.5), float.NaN, [], words ?? [])]);

    [Fact]
    public void A_long_speech_region_becomes_cues_of_at_most_two_lines_of_42_characters_and_7_seconds()
    {
        var cues = SubtitleCues.Build(OneLongRegion().Segments, SubtitleOptions.Default);

        Assert.True(cues.Count >= 4, $"{cues.Count} cues");
        Assert.All(cues, cue =>
        {
            Assert.InRange(cue.Lines.Count, 1, 2);
            Assert.All(cue.Lines, line => Assert.True(line.Length <= 42, line));
            Assert.InRange(cue.End - cue.Start, 0.001, 7);
        });
        Assert.Equal(Speech, string.Join(' ', cues.SelectMany(c => c.Lines)));
        for (int i = 1; i < cues.Count; i++)
        {
            Assert.True(cues[i].Start >= cues[i - 1].End);
        }
    }

    [Fact]
    public void Cues_start_and_end_at_the_engines_word_times()
    {
        string[] words = Speech.Split(' ');
        // Words 0.4 s apart from 0.5 s, each lasting 0.3 s.
        var timings = words.Select((w, i) => new WordTiming(w, TimeSpan.FromSeconds(0.5 + (0.4 * i)), TimeSpan.FromSeconds(0.8 + (0.4 * i)), 0.9f)).ToList();

        var cues = SubtitleCues.Build(OneLongRegion(timings).Segments, SubtitleOptions.Default);

        Assert.All(cues, cue =>
        {
            Assert.Contains(timings, w => Math.Abs(w.Start.TotalSeconds - cue.Start) < 0.001);
            Assert.Contains(timings, w => Math.Abs(w.End.TotalSeconds - cue.End) < 0.001);
        });
    }

    [Fact]
    public void Word_level_cues_are_one_per_word_at_its_own_time()
    {
        string[] words = Speech.Split(' ');
        var timings = words.Select((w, i) => new WordTiming(w, TimeSpan.FromSeconds(0.5 + (0.4 * i)), TimeSpan.FromSeconds(0.8 + (0.4 * i)), 0.9f)).ToList();

        var cues = SubtitleCues.Build(OneLongRegion(timings).Segments, SubtitleOptions.Default with { MaxWords = 1 });

        Assert.Equal(words.Length, cues.Count);
        for (int i = 0; i < words.Length; i++)
        {
            Assert.Equal([words[i]], cues[i].Lines);
            Assert.Equal(timings[i].Start.TotalSeconds, cues[i].Start, 3);
            Assert.Equal(timings[i].End.TotalSeconds, cues[i].End, 3);
        }
    }

    [Fact]
    public void A_word_limit_caps_every_cue_and_keeps_every_word()
    {
        var cues = SubtitleCues.Build(OneLongRegion().Segments, SubtitleOptions.Default with { MaxWords = 3 });

        Assert.All(cues, cue => Assert.InRange(string.Join(' ', cue.Lines).Split(' ').Length, 1, 3));
        Assert.Equal(Speech, string.Join(' ', cues.SelectMany(c => c.Lines)));
    }

    [Fact]
    public void A_zero_length_segment_still_gets_a_cue_that_lasts()
    {
        var result = TranscriptResult.Create("a.wav", "whisper", null, "en", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1),
        [
            Segment.Plain("Hello.", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)),
            Segment.Plain("Again.", TimeSpan.FromSeconds(2.2), TimeSpan.FromSeconds(2.2)),
            Segment.Plain("Last.", TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(8.5)),
        ]);

        var cues = SubtitleCues.Build(result.Segments, SubtitleOptions.Default);

        Assert.Equal(3, cues.Count);
        Assert.All(cues, cue => Assert.True(cue.End > cue.Start, $"{cue.Start} --> {cue.End}"));
        Assert.Equal(2.2, cues[0].End, 3); // bounded by the next cue
        string srt = new SrtTranscriptWriter().WriteToString(result);
        Assert.DoesNotContain("00:00:02,000 --> 00:00:02,000", srt, StringComparison.Ordinal);
    }

    [Fact]
    public void The_limits_are_settings()
    {
        var options = new SubtitleOptions { MaxLineChars = 20, MaxLines = 1, MaxCueSeconds = 3 };

        var cues = SubtitleCues.Build(OneLongRegion().Segments, options);

        Assert.All(cues, cue =>
        {
            Assert.Single(cue.Lines);
            Assert.True(cue.Lines[0].Length <= 20 || !cue.Lines[0].Contains(' ', StringComparison.Ordinal));
            Assert.True(cue.End - cue.Start <= 3);
        });
    }
}
