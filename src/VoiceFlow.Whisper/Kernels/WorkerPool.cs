using System.Runtime.ExceptionServices;

namespace VoiceFlow.Whisper.Kernels;

/// <summary>One unit of a parallel loop; implemented by long-lived objects so a loop allocates nothing.</summary>
internal interface IParallelWork
{
    void Execute(int index);
}

/// <summary>
/// A small pool of persistent worker threads for the model's parallel loops. Work items are claimed
/// dynamically (atomic counter); the calling thread works too. Helpers spin briefly between loops
/// before sleeping: decoding one token runs ~40 short loops, and an OS wake-up per loop would cost
/// more than the loop. If another loop already holds the pool (two transcriptions at once), the
/// caller runs its loop alone instead of waiting.
/// </summary>
internal sealed class WorkerPool
{
    private const int SpinRounds = 200; // × Thread.SpinWait(10): tens of microseconds before sleeping

    private readonly Lock _gate = new();
    private readonly object _sync = new();
    private readonly int _maxHelpers;
    private int _started;
    private int _generation;
    private int _active;
    private IParallelWork? _work;
    private int _count;
    private int _next;
    private int _helpersRemaining;
    private ExceptionDispatchInfo? _error;

    internal WorkerPool(int maxHelpers) => _maxHelpers = maxHelpers;

    /// <summary>The process-wide pool (one helper per extra core, at most 31).</summary>
    public static WorkerPool Shared { get; } = new(Math.Clamp(Environment.ProcessorCount - 1, 0, 31));

    /// <summary>Runs <c>work.Execute(i)</c> for i in [0, count) on up to <paramref name="threads"/> threads.</summary>
    public void Run(IParallelWork work, int count, int threads)
    {
        int helpers = Math.Min(Math.Min(threads, count) - 1, _maxHelpers);
        if (helpers <= 0 || !_gate.TryEnter())
        {
            for (int i = 0; i < count; i++)
            {
                work.Execute(i);
            }

            return;
        }

        try
        {
            EnsureStarted(helpers);
            _work = work;
            _count = count;
            _next = 0;
            _error = null;
            _active = helpers;
            _helpersRemaining = helpers;
            lock (_sync)
            {
                _generation++;
                Monitor.PulseAll(_sync);
            }

            Drain();
            var spin = default(SpinWait);
            while (Volatile.Read(ref _helpersRemaining) != 0)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }

            _work = null;
            _error?.Throw();
        }
        finally
        {
            _gate.Exit();
        }
    }

    private void Drain()
    {
        var work = _work!;
        int i;
        while ((i = Interlocked.Increment(ref _next) - 1) < _count)
        {
            try
            {
                work.Execute(i);
            }
            catch (Exception e)
            {
                _error ??= ExceptionDispatchInfo.Capture(e);
                _next = _count;
            }
        }
    }

    private void EnsureStarted(int helpers)
    {
        while (_started < helpers)
        {
            int index = _started;
            // The generation the new worker has "seen" must be fixed now, before Run publishes the
            // next one: read at thread start-up it could already be the new job's, which would be missed.
            int seen = _generation;
            var thread = new Thread(() => WorkerLoop(index, seen)) { IsBackground = true, Name = $"VoiceFlow.Whisper worker {index}" };
            thread.Start();
            _started++;
        }
    }

    private void WorkerLoop(int index, int seen)
    {
        while (true)
        {
            int spins = 0;
            int generation;
            while ((generation = Volatile.Read(ref _generation)) == seen)
            {
                if (++spins < SpinRounds)
                {
                    Thread.SpinWait(10);
                    continue;
                }

                lock (_sync)
                {
                    while (_generation == seen)
                    {
                        Monitor.Wait(_sync);
                    }
                }
            }

            seen = generation;
            if (index < Volatile.Read(ref _active))
            {
                Drain();
                Interlocked.Decrement(ref _helpersRemaining);
            }
        }
    }
}
