using System.Runtime.ExceptionServices;

namespace VoiceFlow.Whisper.Kernels;

/// <summary>One unit of a parallel loop; implemented by long-lived objects so a loop allocates nothing.</summary>
internal interface IParallelWork
{
    void Execute(int index);
}

/// <summary>
/// A small pool of persistent worker threads for the model's parallel loops. Work items are claimed dynamically and the
/// calling thread works too, so a loop never waits for a helper that has not started: on a busy machine a helper may be
/// descheduled or still waking, and the caller then simply takes every item itself; it waits only for items a helper
/// has actually claimed. Helpers spin briefly between loops before sleeping: decoding one token runs ~40 short loops,
/// and an OS wake-up per loop would cost more than the loop. If another loop already holds the pool (two
/// transcriptions at once), the caller runs its loop alone instead of waiting.
/// </summary>
/// <remarks>
/// Claims go through one 64-bit ticket, the loop's number in the high half and the next item in the low half, taken
/// by compare-and-swap: a helper that wakes late for a finished loop finds its loop number gone (or the loop closed)
/// and claims nothing, so it can never run an item of the wrong loop, whatever the split between threads was.
/// </remarks>
internal sealed class WorkerPool
{
    private const int SpinRounds = 200; // × Thread.SpinWait(10): tens of microseconds before sleeping
    private const int Closed = int.MaxValue; // low half of a finished loop's ticket: nothing left to claim

    private readonly Lock _gate = new();
    private readonly object _sync = new();
    private readonly int _maxHelpers;
    private int _started;
    private int _loop;
    private long _ticket;
    private int _active;
    private int _sleepers;
    private IParallelWork? _work;
    private int _count;
    private int _done;
    private volatile bool _failed;
    private ExceptionDispatchInfo? _error;

    internal WorkerPool(int maxHelpers) => _maxHelpers = maxHelpers;

    /// <summary>The process-wide pool (one helper per extra core, at most 31).</summary>
    public static WorkerPool Shared { get; } = new(Math.Clamp(Environment.ProcessorCount - 1, 0, 31));

    /// <summary>Tests only: runs on a helper when it sees a new loop, before it claims anything (a stand-in for a descheduled thread).</summary>
    internal Action? HelperJoining { get; set; }

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
            _done = 0;
            _failed = false;
            _error = null;
            _active = helpers;
            int loop = ++_loop;
            // Opening the loop is a full fence, and so is a helper's count of sleepers: one of the two sees the other.
            Interlocked.Exchange(ref _ticket, (long)loop << 32);
            if (Volatile.Read(ref _sleepers) != 0)
            {
                lock (_sync)
                {
                    Monitor.PulseAll(_sync);
                }
            }

            Drain(loop);
            var spin = default(SpinWait);
            while (Volatile.Read(ref _done) != count)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }

            // Closed before the next loop's work and count are written, so no late helper can pair them with this ticket.
            Interlocked.Exchange(ref _ticket, ((long)loop << 32) | Closed);
            _work = null;
            _error?.Throw();
        }
        finally
        {
            _gate.Exit();
        }
    }

    private static int LoopOf(long ticket) => (int)(ticket >> 32);

    /// <summary>Claims and runs items of loop <paramref name="loop"/> until none is left (or the loop is gone).</summary>
    private void Drain(int loop)
    {
        while (true)
        {
            long ticket = Volatile.Read(ref _ticket);
            int next = (int)ticket;
            if (LoopOf(ticket) != loop)
            {
                return;
            }

            // Read between two sightings of the same ticket value (tickets never repeat), so they are this loop's.
            var work = _work;
            int count = _count;
            if (next >= count)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _ticket, ticket + 1, ticket) != ticket)
            {
                continue;
            }

            if (!_failed)
            {
                try
                {
                    work!.Execute(next);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref _error, ExceptionDispatchInfo.Capture(e), null);
                    _failed = true;
                }
            }

            Interlocked.Increment(ref _done);
        }
    }

    private void EnsureStarted(int helpers)
    {
        while (_started < helpers)
        {
            int index = _started;
            // The loop the new worker has "seen" must be fixed now, before Run opens the next one: read at thread
            // start-up it could already be the new loop's, which would be missed.
            int seen = _loop;
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
            int loop;
            while ((loop = LoopOf(Volatile.Read(ref _ticket))) == seen)
            {
                if (++spins < SpinRounds)
                {
                    Thread.SpinWait(10);
                    continue;
                }

                lock (_sync)
                {
                    Interlocked.Increment(ref _sleepers);
                    while (LoopOf(Volatile.Read(ref _ticket)) == seen)
                    {
                        Monitor.Wait(_sync);
                    }

                    Interlocked.Decrement(ref _sleepers);
                }
            }

            seen = loop;
            if (index < Volatile.Read(ref _active))
            {
                HelperJoining?.Invoke();
                Drain(loop);
            }
        }
    }
}
