using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Transcription;

namespace VoiceFlow.Core.Tests.Transcription;

/// <summary>Disposal waits for the jobs already started on a signal, and completes the moment the last one ends.</summary>
public sealed class ModelAccessDisposalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Dispose_waits_for_the_running_job_and_completes_when_it_ends(bool lockFree)
    {
        var engine = new ProbeEngine();
        var access = new ModelAccess(engine, new ModelAccessOptions(Adaptive: true, MaxConcurrentJobs: 2, AutoDetectConcurrency: lockFree, MaxQueuedJobs: 4));
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var job = access.RunAsync(new TranscriptionOptions(), async (_, _) =>
        {
            running.SetResult();
            await release.Task;
            return 1;
        }, Ct);
        await running.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        var disposing = access.DisposeAsync().AsTask();
        await Assert.ThrowsAsync<TimeoutException>(() => disposing.WaitAsync(TimeSpan.FromMilliseconds(200), Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => access.RunAsync(new TranscriptionOptions(), (_, _) => Task.FromResult(2), Ct));

        release.SetResult();
        Assert.Equal(1, await job.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        await disposing.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(0, access.Running);
    }

    [Fact]
    public async Task Dispose_with_no_job_completes_at_once()
    {
        var access = new ModelAccess(new ProbeEngine(), new ModelAccessOptions(Adaptive: true, MaxConcurrentJobs: 1, AutoDetectConcurrency: true, MaxQueuedJobs: 1));
        await access.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }
}
