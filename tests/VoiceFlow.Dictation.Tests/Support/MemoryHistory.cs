using System.Collections.Concurrent;
using VoiceFlow.Core.History;

namespace VoiceFlow.Dictation.Tests.Support;

/// <summary>History kept in memory, for lifecycle tests (the SQLite store has its own tests).</summary>
internal sealed class MemoryHistory : IHistoryStore
{
    private readonly ConcurrentQueue<HistoryEntry> _entries = new();
    private long _nextId;

    public IReadOnlyList<HistoryEntry> Entries => [.. _entries];

    public Task<long> AddAsync(HistoryEntry entry, CancellationToken cancellationToken = default)
    {
        long id = Interlocked.Increment(ref _nextId);
        _entries.Enqueue(entry with { Id = id });
        return Task.FromResult(id);
    }

    public Task<IReadOnlyList<HistoryEntry>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<HistoryEntry>>([.. _entries.Reverse().Where(e => query.Search is null || e.Text.Contains(query.Search, StringComparison.OrdinalIgnoreCase)).Take(query.Limit)]);

    public Task<int> ClearAsync(CancellationToken cancellationToken = default)
    {
        int count = _entries.Count;
        _entries.Clear();
        return Task.FromResult(count);
    }
}
