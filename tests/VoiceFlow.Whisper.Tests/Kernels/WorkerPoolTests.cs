using VoiceFlow.Whisper.Kernels;

namespace VoiceFlow.Whisper.Tests.Kernels;

public class WorkerPoolTests
{
    [Fact]
    public async Task Fresh_pools_finish_their_first_loops_and_run_every_item_once()
    {
        // Regression: a helper started by the first Run must not miss that Run's work.
        var run = Task.Run(() =>
        {
            for (int i = 0; i < 20; i++)
            {
                var pool = new WorkerPool(1);
                for (int loop = 0; loop < 20; loop++)
                {
                    var work = new CountingWork(17);
                    pool.Run(work, 17, 2);
                    Assert.All(work.Hits, h => Assert.Equal(1, h));
                }
            }
        }, TestContext.Current.CancellationToken);
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
        Assert.True(finished == run, "a parallel loop did not finish (lost wake-up)");
        await run;
    }

    [Fact]
    public void Exceptions_in_work_items_reach_the_caller()
    {
        var pool = new WorkerPool(1);
        Assert.Throws<InvalidOperationException>(() => pool.Run(new ThrowingWork(), 8, 2));
        var work = new CountingWork(4);
        pool.Run(work, 4, 2);
        Assert.All(work.Hits, h => Assert.Equal(1, h));
    }

    [Fact]
    public async Task A_loop_never_waits_for_a_helper_that_has_not_started()
    {
        // The helper is held before it claims anything (as a descheduled thread would be): the caller does every item.
        var pool = new WorkerPool(1);
        pool.Run(new CountingWork(4), 4, 2); // helper started and idle
        using var held = new SemaphoreSlim(0);
        using var joined = new SemaphoreSlim(0);
        pool.HelperJoining = () =>
        {
            joined.Release();
            held.Wait(TestContext.Current.CancellationToken);
        };
        var run = Task.Run(() =>
        {
            var work = new CountingWork(50);
            pool.Run(work, 50, 2);
            return work;
        }, TestContext.Current.CancellationToken);
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        Assert.True(finished == run, "the loop waited for a helper that claimed nothing");
        var first = await run;
        Assert.All(first.Hits, h => Assert.Equal(1, h));
        Assert.All(first.Threads, t => Assert.Equal(first.Threads[0], t));

        // The late helper wakes into a loop that is over and must take nothing from it, nor items of the next loops twice.
        Assert.True(await joined.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken), "the helper never saw the loop");
        pool.HelperJoining = null;
        held.Release();
        for (int loop = 0; loop < 200; loop++)
        {
            var work = new CountingWork(9);
            pool.Run(work, 9, 2);
            Assert.All(work.Hits, h => Assert.Equal(1, h));
        }

        Assert.All(first.Hits, h => Assert.Equal(1, h));
    }

    [Fact]
    public void Every_split_between_threads_runs_each_item_once()
    {
        var pool = new WorkerPool(3);
        for (int threads = 1; threads <= 4; threads++)
        {
            foreach (int count in new[] { 1, 2, 3, 7, 64, 811 })
            {
                var work = new CountingWork(count);
                pool.Run(work, count, threads);
                Assert.All(work.Hits, h => Assert.Equal(1, h));
            }
        }
    }

    private sealed class CountingWork(int count) : IParallelWork
    {
        public int[] Hits { get; } = new int[count];

        public int[] Threads { get; } = new int[count];

        public void Execute(int index)
        {
            Threads[index] = Environment.CurrentManagedThreadId;
            Interlocked.Increment(ref Hits[index]);
        }
    }

    private sealed class ThrowingWork : IParallelWork
    {
        public void Execute(int index) => throw new InvalidOperationException($"item {index}");
    }
}
