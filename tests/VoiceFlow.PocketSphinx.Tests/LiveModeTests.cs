using VoiceFlow.PocketSphinx.Tests.Support;

namespace VoiceFlow.PocketSphinx.Tests;

/// <summary>Live-CMN mode: audio fed in blocks, running mean restarted at every job.</summary>
public class LiveModeTests(LiveEngineFixture live) : IClassFixture<LiveEngineFixture>
{
    [Fact]
    public async Task Interleaved_audio_gives_the_same_results_as_alone()
    {
        SpeechTestData.RequireAll();
        var ct = TestContext.Current.CancellationToken;
        await InterleavedDecodes.AssertSameResultsAsync(
            live.Factory,
            SpeechTestData.LibrivoxUtterance("0880").Samples(),
            SpeechTestData.LibrivoxUtterance("0930").Samples(),
            SpeechTestData.LibrivoxUtterance("0890").Samples(),
            ct);
    }

    [Fact]
    public async Task Live_mode_honours_cancellation_between_blocks_and_recovers()
    {
        SpeechTestData.RequireAll();
        var ct = TestContext.Current.CancellationToken;
        var samples = SpeechTestData.LibrivoxUtterance("0870").Samples();
        await using var processor = live.Factory.CreateBuilder().Build();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var before = await EngineFixture.TranscribeAsync(processor, samples, ct);
        var fullDecode = clock.Elapsed;

        // Cancel a tenth of the way in: the decode must stop early, not run to the end and then throw.
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cancel.CancelAfter(fullDecode / 10);
        clock.Restart();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => EngineFixture.TranscribeAsync(processor, samples, cancel.Token));
        var stoppedAfter = clock.Elapsed;

        Assert.True(stoppedAfter < fullDecode * 0.7, $"cancelled decode took {stoppedAfter}, a full one {fullDecode}");
        Assert.Equal(before, await EngineFixture.TranscribeAsync(processor, samples, ct));
    }
}
