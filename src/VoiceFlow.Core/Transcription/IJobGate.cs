namespace VoiceFlow.Core.Transcription;

/// <summary>Admits at most a fixed number of jobs at once; callers past the bound wait or are refused.</summary>
internal interface IJobGate : IDisposable
{
    /// <summary>Jobs admitted now.</summary>
    int Active { get; }

    /// <summary>Callers waiting now.</summary>
    int Waiting { get; }

    /// <summary>Jobs admitted without taking any lock (uncontended fast path).</summary>
    long AdmittedLockFree { get; }

    /// <summary>Waits for a slot; throws <see cref="Errors.EngineBusyException"/> when the wait queue is full.</summary>
    ValueTask EnterAsync(CancellationToken cancellationToken);

    /// <summary>Gives the slot back.</summary>
    void Exit();
}
