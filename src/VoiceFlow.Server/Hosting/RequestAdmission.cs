namespace VoiceFlow.Server.Hosting;

/// <summary>
/// Admits at most <see cref="Capacity"/> requests of one kind at once without waiting, so a burst is answered at once
/// (429) instead of piling up request bodies in memory, and refuses everything (503) once the server is stopping.
/// </summary>
internal sealed class RequestAdmission
{
    private readonly ShutdownSignal _shutdown;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _active;

    public RequestAdmission(int capacity, ShutdownSignal shutdown)
    {
        Capacity = capacity;
        _shutdown = shutdown;
        // Stopping with nothing in flight is drained at once; otherwise the last Exit completes it.
        shutdown.Stopping.Register(CompleteIfDrained);
    }

    public int Capacity { get; }

    /// <summary>Requests admitted and not yet finished.</summary>
    public int Active => Volatile.Read(ref _active);

    /// <summary>Completes once the server is stopping and every admitted request has finished; never before stopping begins.</summary>
    public Task Drained => _drained.Task;

    public AdmissionResult TryEnter()
    {
        if (_shutdown.IsStopping)
        {
            return AdmissionResult.ShuttingDown;
        }

        if (Interlocked.Increment(ref _active) > Capacity)
        {
            Exit();
            return AdmissionResult.Busy;
        }

        // Stopping may have begun between the check and the count, and the drain may already have seen zero:
        // such a request must not run past it.
        if (_shutdown.IsStopping)
        {
            Exit();
            return AdmissionResult.ShuttingDown;
        }

        return AdmissionResult.Admitted;
    }

    public void Exit()
    {
        if (Interlocked.Decrement(ref _active) == 0)
        {
            CompleteIfDrained();
        }
    }

    private void CompleteIfDrained()
    {
        if (_shutdown.IsStopping && Volatile.Read(ref _active) == 0)
        {
            _drained.TrySetResult();
        }
    }
}

internal enum AdmissionResult
{
    Admitted,
    Busy,
    ShuttingDown,
}

/// <summary>Set once the host starts stopping: new work is refused with 503 while in-flight work finishes.</summary>
internal sealed class ShutdownSignal
{
    private readonly CancellationTokenSource _stopping = new();

    public bool IsStopping => _stopping.IsCancellationRequested;

    /// <summary>Cancelled when stopping begins (streams use it to flush and close).</summary>
    public CancellationToken Stopping => _stopping.Token;

    public void Begin() => _stopping.Cancel();
}
