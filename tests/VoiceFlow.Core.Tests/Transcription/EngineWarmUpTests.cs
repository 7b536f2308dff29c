using VoiceFlow.Core.Engines;

namespace VoiceFlow.Core.Tests.Transcription;

public class EngineWarmUpTests
{
    [Fact]
    public async Task Warm_up_runs_one_second_of_quiet_noise_through_the_engine()
    {
        var engine = new CapturingEngine(maxChunk: null);
        await EngineWarmUp.RunAsync(engine, new TranscriptionOptions(), TestContext.Current.CancellationToken);

        var chunk = Assert.Single(engine.Chunks);
        Assert.Equal(16000, chunk.Length);
        float peak = chunk.Max(MathF.Abs);
        Assert.InRange(peak, 0.005f, 0.01f); // not silence (an engine may skip that), far from loud
        Assert.True(chunk.Distinct().Count() > 1000, "noise, not a constant");
    }

    [Fact]
    public async Task Warm_up_decodes_with_the_configured_search_and_timestamps_but_no_fallback()
    {
        var engine = new CapturingEngine(maxChunk: null);
        var configured = new TranscriptionOptions { BeamSize = 5, Timestamps = true, TemperatureFallback = true };
        await EngineWarmUp.RunAsync(engine, configured, TestContext.Current.CancellationToken);

        var used = Assert.Single(engine.Created);
        Assert.Equal(configured with { TemperatureFallback = false }, used);
    }
}
