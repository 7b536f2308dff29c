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

    private sealed class CountingWork(int count) : IParallelWork
    {
        public int[] Hits { get; } = new int[count];

        public void Execute(int index) => Interlocked.Increment(ref Hits[index]);
    }

    private sealed class ThrowingWork : IParallelWork
    {
        public void Execute(int index) => throw new InvalidOperationException($"item {index}");
    }
}
