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
        // Three copies (~21 s of speech), so that a tenth of a full decode is many blocks long even when the
        // full decode is measured under load and the cancelled one runs on a quiet machine.
        var clip = SpeechTestData.LibrivoxUtterance("0870").Samples();
        var samples = Enumerable.Repeat(clip, 3).SelectMany(x => x).ToArray();
        await using var processor = live.Factory.CreateBuilder().Build();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var before = await EngineFixture.TranscribeAsync(processor, samples, ct);
        var fullDecode = clock.Elapsed;

        // Cancel a tenth of the way in: the decode must stop early, not run to the end and then throw.
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(Math.Min(fullDecode.TotalMilliseconds / 10, 300)));
        clock.Restart();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => EngineFixture.TranscribeAsync(processor, samples, cancel.Token));
        var stoppedAfter = clock.Elapsed;

        Assert.True(stoppedAfter < fullDecode * 0.7, $"cancelled decode took {stoppedAfter}, a full one {fullDecode}");
        Assert.Equal(before, await EngineFixture.TranscribeAsync(processor, samples, ct));
    }
}
