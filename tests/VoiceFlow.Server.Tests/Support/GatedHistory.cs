using VoiceFlow.Core.History;

namespace VoiceFlow.Server.Tests.Support;

/// <summary>
/// A history whose writes wait until <see cref="Release"/>: a request that reaches its history write stays in flight
/// for as long as a test needs, so shutdown tests do not race a transcription that finishes too soon.
/// </summary>
internal sealed class GatedHistory : IHistoryStore
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextId;

    /// <summary>Completes when the first write has started waiting.</summary>
    public Task WriteReached => _reached.Task;

    /// <summary>Lets every waiting and future write finish.</summary>
    public void Release() => _gate.TrySetResult();

    public async Task<long> AddAsync(HistoryEntry entry, CancellationToken cancellationToken = default)
    {
        _reached.TrySetResult();
        await _gate.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return Interlocked.Increment(ref _nextId);
    }

    public Task<IReadOnlyList<HistoryEntry>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<HistoryEntry>>([]);

    public Task<int> ClearAsync(CancellationToken cancellationToken = default) => Task.FromResult(0);
}
