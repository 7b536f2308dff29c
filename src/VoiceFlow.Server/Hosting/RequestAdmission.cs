namespace VoiceFlow.Server.Hosting;

/// <summary>
/// Admits at most <see cref="Capacity"/> requests of one kind at once without waiting, so a burst is answered at once
/// (429) instead of piling up request bodies in memory, and refuses everything (503) once the server is stopping.
/// </summary>
internal sealed class RequestAdmission(int capacity, ShutdownSignal shutdown)
{
    private int _active;

    public int Capacity { get; } = capacity;

    /// <summary>Requests admitted and not yet finished.</summary>
    public int Active => Volatile.Read(ref _active);

    public AdmissionResult TryEnter()
    {
        if (shutdown.IsStopping)
        {
            return AdmissionResult.ShuttingDown;
        }

        if (Interlocked.Increment(ref _active) > Capacity)
        {
            Interlocked.Decrement(ref _active);
            return AdmissionResult.Busy;
        }

        return AdmissionResult.Admitted;
    }

    public void Exit() => Interlocked.Decrement(ref _active);
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
