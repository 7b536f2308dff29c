using VoiceFlow.Server.Tests.Support;
using VoiceFlow.ServerBench;

namespace VoiceFlow.Server.Tests;

/// <summary>The small in-suite version of scripts/load: concurrent mixed requests, every one answered, no cross-talk.</summary>
public sealed class LoadTests(EngineFixture engine)
{
    [Fact]
    public async Task Forty_mixed_concurrent_requests_are_all_answered_each_with_its_own_sentence()
    {
        var sentences = Speech.CleanSentences(8);
        const int maxUpload = 300_000;
        await using var server = await TestServer.StartAsync(engine, o => o with
        {
            EnableAdaptiveModelAccess = true,
            MaxConcurrentTranscriptionJobs = 2,
            MaxQueuedTranscriptionJobs = 6,
            ServerMaxUploadBytes = maxUpload,
        });

        var report = await LoadRun.RunAsync(server.Address, null, 40, maxUpload, sentences, TestContext.Current.CancellationToken);

        Assert.True(report.Passed, report.Describe());
        Assert.True(report.Answers.GetValueOrDefault("valid:200") > 0, report.Describe());
        Assert.Equal(8, report.Answers.GetValueOrDefault("oversized:413"));
        Assert.Equal(4, report.Answers.GetValueOrDefault("malformed:400") + report.Answers.GetValueOrDefault("malformed:429"));
        Assert.Equal(8, report.Answers.GetValueOrDefault("stream:dropped") + report.Answers.GetValueOrDefault("stream:refused"));
        Assert.Equal(0, report.WrongText);
    }
}
