namespace VoiceFlow.Dictation.Daemon;

/// <summary>
/// Counts dictations between end and outcome, and signals when none is left, so shutdown awaits the last one
/// instead of polling the count.
/// </summary>
internal sealed class InFlightCounter
{
    private readonly Lock _gate = new();
    private TaskCompletionSource? _idle;
    private int _count;

    /// <summary>Dictations in flight now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>One more in flight.</summary>
    public void Enter()
    {
        lock (_gate)
        {
            if (_count++ == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>One fewer; the last one completes <see cref="WhenIdleAsync"/>.</summary>
    public void Exit()
    {
        TaskCompletionSource? idle = null;
        lock (_gate)
        {
            if (--_count == 0)
            {
                idle = _idle;
                _idle = null;
            }
        }

        idle?.TrySetResult();
    }

    /// <summary>Completes when nothing is in flight (at once when nothing is now).</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            return _idle?.Task ?? Task.CompletedTask;
        }
    }
}
