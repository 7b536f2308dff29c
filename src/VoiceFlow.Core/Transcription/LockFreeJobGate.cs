namespace VoiceFlow.Core.Transcription;

/// <summary>
/// The adaptive gate. Admission is a compare-and-swap on the active count, so a caller that finds a free
/// slot (always the case for a lone caller) takes no lock at all. Only when every slot is taken does a
/// caller fall back to a locked wait queue: concurrency is detected by contention itself.
/// </summary>
/// <remarks>
/// No lost wake-up: a waiter registers (increments <c>_waiting</c>) before re-checking the active count,
/// and a releaser decrements the active count before reading <c>_waiting</c>; both are full fences, so
/// either the waiter sees the freed slot or the releaser sees the waiter and hands the slot over.
/// </remarks>
internal sealed class LockFreeJobGate : IJobGate
{
    private readonly int _capacity;
    private readonly int _maxWaiting;
    private readonly object _queueLock = new();
    private readonly LinkedList<TaskCompletionSource> _queue = new();
    private int _active;
    private int _waiting;
    private long _lockFree;

    public LockFreeJobGate(int capacity, int maxWaiting)
    {
        _capacity = capacity;
        _maxWaiting = maxWaiting;
    }

    public int Active => Volatile.Read(ref _active);

    public int Waiting => Volatile.Read(ref _waiting);

    public long AdmittedLockFree => Interlocked.Read(ref _lockFree);

    public ValueTask EnterAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (TryAdmit())
        {
            Interlocked.Increment(ref _lockFree);
            return ValueTask.CompletedTask;
        }

        return new ValueTask(WaitForSlotAsync(cancellationToken));
    }

    public void Exit()
    {
        Interlocked.Decrement(ref _active);
        if (Volatile.Read(ref _waiting) > 0)
        {
            HandOver();
        }
    }

    private bool TryAdmit()
    {
        int active = Volatile.Read(ref _active);
        while (active < _capacity)
        {
            int seen = Interlocked.CompareExchange(ref _active, active + 1, active);
            if (seen == active)
            {
                return true;
            }

            active = seen;
        }

        return false;
    }

    private async Task WaitForSlotAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _waiting) > _maxWaiting)
        {
            Interlocked.Decrement(ref _waiting);
            throw JobGateErrors.Busy(_capacity, _maxWaiting);
        }

        TaskCompletionSource ticket;
        LinkedListNode<TaskCompletionSource> node;
        lock (_queueLock)
        {
            if (TryAdmit())
            {
                Interlocked.Decrement(ref _waiting);
                return;
            }

            ticket = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _queue.AddLast(ticket);
        }

        using var registration = cancellationToken.Register(() =>
        {
            lock (_queueLock)
            {
                if (node.List is not null && ticket.TrySetCanceled(cancellationToken))
                {
                    _queue.Remove(node);
                    Interlocked.Decrement(ref _waiting);
                }
            }
        });

        // On success the slot was counted by HandOver on our behalf.
        await ticket.Task.ConfigureAwait(false);
    }

    private void HandOver()
    {
        lock (_queueLock)
        {
            while (_queue.First is { } first && TryAdmit())
            {
                _queue.RemoveFirst();
                Interlocked.Decrement(ref _waiting);
                first.Value.TrySetResult();
            }
        }
    }

    public void Dispose()
    {
        lock (_queueLock)
        {
            foreach (var ticket in _queue)
            {
                ticket.TrySetException(new ObjectDisposedException(nameof(LockFreeJobGate)));
            }

            _queue.Clear();
        }
    }
}
