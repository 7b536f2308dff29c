using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Transcription;

/// <summary>The plain gate: every job goes through a semaphore (the seed's locked baseline when the bound is 1).</summary>
internal sealed class SemaphoreJobGate : IJobGate
{
    private readonly SemaphoreSlim _slots;
    private readonly int _capacity;
    private readonly int _maxWaiting;
    private int _waiting;

    public SemaphoreJobGate(int capacity, int maxWaiting)
    {
        _capacity = capacity;
        _maxWaiting = maxWaiting;
        _slots = new SemaphoreSlim(capacity, capacity);
    }

    public int Active => _capacity - _slots.CurrentCount;

    public int Waiting => Volatile.Read(ref _waiting);

    public long AdmittedLockFree => 0;

    public async ValueTask EnterAsync(CancellationToken cancellationToken)
    {
        if (_slots.Wait(0, cancellationToken))
        {
            return;
        }

        if (Interlocked.Increment(ref _waiting) > _maxWaiting)
        {
            Interlocked.Decrement(ref _waiting);
            throw JobGateErrors.Busy(_capacity, _maxWaiting);
        }

        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    public void Exit() => _slots.Release();

    public void Dispose() => _slots.Dispose();
}

internal static class JobGateErrors
{
    public static EngineBusyException Busy(int capacity, int maxWaiting) =>
        new($"the engine is busy: {capacity} job(s) running and {maxWaiting} waiting (raise max_concurrent_transcription_jobs or try again shortly)");
}
