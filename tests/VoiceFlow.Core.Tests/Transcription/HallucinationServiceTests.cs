using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Transcription;

namespace VoiceFlow.Core.Tests.Transcription;

/// <summary>The hallucination filter through the service, with an engine that answers what Whisper says on noise.</summary>
public class HallucinationServiceTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Near_silent_input_gives_empty_text_and_never_reaches_the_engine(bool filter)
    {
        var engine = new CapturingEngine(null, "Thank you.");
        await using var service = new TranscriptionService(engine, new VoiceFlowOptions { HallucinationFilter = filter });

        var result = await service.TranscribeAsync(TranscriptionServiceTests.Bursts((3, false)), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("", result.Text);
        Assert.Equal("", result.RawText);
        Assert.Empty(engine.Chunks);
    }

    [Fact]
    public async Task An_invention_on_a_noise_burst_is_dropped_but_raw_text_keeps_what_the_engine_said()
    {
        var engine = new CapturingEngine(null, "Thank you.");
        await using var service = new TranscriptionService(engine, new VoiceFlowOptions());

        var result = await service.TranscribeAsync(TranscriptionServiceTests.Bursts((1, false), (0.6, true), (1, false)), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Single(engine.Chunks);
        Assert.Equal("", result.Text);
        Assert.Empty(result.Segments);
        Assert.Equal("Thank you.", result.RawText);
    }

    [Fact]
    public async Task The_filter_runs_before_clean_up_and_leaves_real_speech_alone()
    {
        var engine = new CapturingEngine(null, "[Music] um yes thank you for the report");
        await using var service = new TranscriptionService(engine, new VoiceFlowOptions());

        var result = await service.TranscribeAsync(TranscriptionServiceTests.Bursts((0.5, false), (2, true), (0.5, false)), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("Yes thank you for the report", result.Text);
        Assert.Equal("[Music] um yes thank you for the report", result.RawText);
    }

    [Fact]
    public async Task With_the_filter_off_the_engine_text_goes_through_unchanged()
    {
        var engine = new CapturingEngine(null, "thank you.");
        await using var service = new TranscriptionService(engine, new VoiceFlowOptions { HallucinationFilter = false });

        var result = await service.TranscribeAsync(TranscriptionServiceTests.Bursts((0.5, false), (2, true), (0.5, false)), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("Thank you.", result.Text);
    }
}
