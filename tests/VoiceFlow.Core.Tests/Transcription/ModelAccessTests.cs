using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.Transcription;

namespace VoiceFlow.Core.Tests.Transcription;

public class ModelAccessTests
{
    private static readonly TranscriptionOptions Defaults = new();

    private static async Task<string> TranscribeAsync(ModelAccess access, float marker, CancellationToken ct = default) =>
        await access.RunAsync(Defaults, async (processor, token) =>
        {
            var samples = new float[1600];
            samples[0] = marker;
            var text = "";
            await foreach (var segment in processor.ProcessAsync(samples, token))
            {
                text += segment.Text;
            }

            return text;
        }, ct);

    private static async Task<string[]> RunManyAsync(ModelAccess access, int jobs, int threads)
    {
        var results = new string[jobs];
        await Parallel.ForEachAsync(Enumerable.Range(0, jobs), new ParallelOptions { MaxDegreeOfParallelism = threads }, async (i, ct) =>
        {
            results[i] = await TranscribeAsync(access, i, ct);
        });
        return results;
    }

    [Fact]
    public async Task Baseline_runs_one_job_at_a_time_and_every_result_is_its_own()
    {
        var engine = new ProbeEngine(jobTime: TimeSpan.FromMilliseconds(2));
        await using var access = new ModelAccess(engine, new ModelAccessOptions(Adaptive: false, MaxConcurrentJobs: 4, AutoDetectConcurrency: true, MaxQueuedJobs: 64));

        var results = await RunManyAsync(access, 64, 8).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(0, 64).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), results);
        Assert.Equal(1, engine.MaxObservedConcurrency);
        Assert.Equal(0, access.LockFreeJobs);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Adaptive_access_bounds_concurrency_and_keeps_results_isolated(bool autoDetect)
    {
        var engine = new ProbeEngine(jobTime: TimeSpan.FromMilliseconds(5));
        await using var access = new ModelAccess(engine, new ModelAccessOptions(true, 3, autoDetect, MaxQueuedJobs: 256));

        var results = await RunManyAsync(access, 200, 16).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(0, 200).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), results);
        Assert.InRange(engine.MaxObservedConcurrency, 2, 3);
        Assert.InRange(engine.ProcessorsCreated, 1, 3);
        Assert.Equal(200, access.Jobs);
        Assert.Equal(0, access.Running);
        Assert.Equal(0, access.Waiting);
    }

    [Fact]
    public async Task A_lone_caller_takes_the_lock_free_path()
    {
        var engine = new ProbeEngine();
        await using var access = new ModelAccess(engine, new ModelAccessOptions(true, 2, true));

        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), await TranscribeAsync(access, i));
        }

        Assert.Equal(20, access.LockFreeJobs);
        Assert.Equal(1, engine.ProcessorsCreated);
    }

    [Fact]
    public async Task An_engine_without_concurrent_processors_gets_one_slot()
    {
        var engine = new ProbeEngine(concurrent: false, jobTime: TimeSpan.FromMilliseconds(2));
        await using var access = new ModelAccess(engine, new ModelAccessOptions(true, 8, true, 64));

        await RunManyAsync(access, 40, 8).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(1, access.MaxConcurrentJobs);
        Assert.Equal(1, engine.MaxObservedConcurrency);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Callers_past_the_queue_bound_get_a_clear_busy_error(bool adaptive, bool autoDetect)
    {
        var engine = new ProbeEngine { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var access = new ModelAccess(engine, new ModelAccessOptions(adaptive, 1, autoDetect, MaxQueuedJobs: 2));

        var running = TranscribeAsync(access, 1);
        var queued1 = TranscribeAsync(access, 2);
        var queued2 = TranscribeAsync(access, 3);
        await WaitUntilAsync(() => access.Waiting == 2);

        var busy = await Assert.ThrowsAsync<EngineBusyException>(() => TranscribeAsync(access, 4));
        Assert.Contains("busy", busy.Message, StringComparison.Ordinal);

        engine.Gate.SetResult();
        Assert.Equal(["1", "2", "3"], await Task.WhenAll(running, queued1, queued2).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_cancelled_waiter_leaves_the_queue_and_frees_nothing_it_did_not_hold(bool autoDetect)
    {
        var engine = new ProbeEngine { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var access = new ModelAccess(engine, new ModelAccessOptions(true, 1, autoDetect, 4));
        var running = TranscribeAsync(access, 1);
        using var cts = new CancellationTokenSource();
        var waiter = TranscribeAsync(access, 2, cts.Token);
        await WaitUntilAsync(() => access.Waiting == 1);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter);
        Assert.Equal(0, access.Waiting);
        Assert.Equal(1, access.Running);
        engine.Gate.SetResult();
        Assert.Equal("1", await running);
        Assert.Equal("5", await TranscribeAsync(access, 5));
        Assert.Equal(1, engine.MaxObservedConcurrency);
    }

    [Fact]
    public async Task Dispose_waits_for_the_running_job_then_disposes_processors()
    {
        var engine = new ProbeEngine { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var access = new ModelAccess(engine, new ModelAccessOptions(true, 2, true));
        var running = TranscribeAsync(access, 7);
        await WaitUntilAsync(() => access.Running == 1);

        var disposing = access.DisposeAsync().AsTask();
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.False(disposing.IsCompleted);

        engine.Gate.SetResult();
        await disposing.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal("7", await running);
        Assert.Equal(engine.ProcessorsCreated, engine.ProcessorsDisposed);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => TranscribeAsync(access, 1));
    }

    [Fact]
    public async Task Changing_options_per_job_does_not_pile_up_processors()
    {
        var engine = new ProbeEngine();
        await using var access = new ModelAccess(engine, new ModelAccessOptions(true, 2, true));

        for (int i = 0; i < 50; i++)
        {
            await access.RunAsync(Defaults with { Prompt = $"prompt {i}" }, async (p, ct) =>
            {
                await foreach (var _ in p.ProcessAsync(new float[16], ct))
                {
                }

                return 0;
            }, TestContext.Current.CancellationToken);
        }

        Assert.InRange(access.IdleProcessorCount, 0, 4);
        Assert.Equal(50 - access.IdleProcessorCount, engine.ProcessorsDisposed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void An_out_of_range_bound_is_a_configuration_error(int max)
    {
        var error = Assert.Throws<ConfigurationException>(() => new ModelAccess(new ProbeEngine(), new ModelAccessOptions(true, max, true)));
        Assert.Contains("max_concurrent_transcription_jobs", error.Message, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in 10 s");
            await Task.Delay(5);
        }
    }
}
