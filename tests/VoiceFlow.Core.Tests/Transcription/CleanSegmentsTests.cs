using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Core.Transcripts;

namespace VoiceFlow.Core.Tests.Transcription;

/// <summary>Clean-up runs per segment in the service, so subtitles show the same words as the text; --raw filters nothing.</summary>
public class CleanSegmentsTests
{
    [Fact]
    public async Task Segments_carry_the_same_clean_up_as_the_text()
    {
        var engine = new CapturingEngine(TimeSpan.FromSeconds(25), answer: "um the budget is fine. i dont know what else");
        await using var service = new TranscriptionService(engine, new VoiceFlowOptions());

        var result = await service.TranscribeAsync(TranscriptionServiceTests.Bursts((0.5, false), (2, true), (0.5, false)));

        var segment = Assert.Single(result.Segments);
        Assert.Equal(result.Text, segment.Text);
        Assert.StartsWith("The budget is fine. I don't know", result.Text, StringComparison.Ordinal);
        string srt = new SrtTranscriptWriter().WriteToString(result.ToTranscript());
        Assert.Contains("The budget is fine. I don't know", srt.Replace('\n', ' '), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sentence_said_again_after_each_pause_is_kept_every_time()
    {
        // Seventeen separate speech regions, each answered with the same sentence.
        var parts = Enumerable.Range(0, 17).SelectMany(_ => new[] { (1.5, true), (1.0, false) }).ToArray();
        // Chunks of at most 2.4 s: one per region (1.5 s and its padding), so each region is its own segment.
        var engine = new CapturingEngine(TimeSpan.FromSeconds(2.4), answer: "we will not give up");
        await using var service = new TranscriptionService(engine, new VoiceFlowOptions());

        var result = await service.TranscribeAsync(TranscriptionServiceTests.Bursts(parts));

        // Every region the engine was given keeps its sentence (the detector may merge or miss one at the edges).
        Assert.InRange(engine.Chunks.Count, 15, 17);
        Assert.Equal(engine.Chunks.Count, result.Segments.Count);
        Assert.Empty(result.Removed);
    }

    [Fact]
    public async Task What_the_filter_removes_is_reported_and_unfiltered_jobs_remove_nothing()
    {
        var engine = new CapturingEngine(TimeSpan.FromSeconds(25), answer: "[Music] hello there hello there hello there");
        await using var service = new TranscriptionService(engine, new VoiceFlowOptions());
        var audio = TranscriptionServiceTests.Bursts((0.5, false), (2, true), (0.5, false));

        var filtered = await service.TranscribeAsync(audio);
        var raw = await service.TranscribeAsync(audio, new TranscriptionJobOptions { Unfiltered = true, PostProcessing = Core.PostProcessing.PostProcessingOptions.None });

        var removal = Assert.Single(filtered.Removed);
        Assert.Equal("[Music] hello there hello there hello there", removal.Text);
        Assert.Equal("hello there", removal.Kept);
        Assert.Single(filtered.ToTranscript().Removed!);
        Assert.Equal("[Music] hello there hello there hello there", raw.Text);
        Assert.Empty(raw.Removed);
    }
}
