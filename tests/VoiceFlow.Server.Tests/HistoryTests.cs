using System.Collections.Concurrent;
using System.Net;
using VoiceFlow.Core.History;
using VoiceFlow.Server.Tests.Support;

namespace VoiceFlow.Server.Tests;

/// <summary>Every transcription the server makes lands in the history store.</summary>
public sealed class HistoryTests(EngineFixture engine)
{
    [Fact]
    public async Task A_transcription_request_lands_in_history_with_its_file_name_and_text()
    {
        var history = new MemoryHistoryStore();
        await using var server = await TestServer.StartAsync(engine, history: history);
        var response = await server.TranscribeAsync(Speech.Hello);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var entry = Assert.Single(history.Entries);
        Assert.Equal("server", entry.Kind);
        Assert.Equal("speech.wav", entry.Source);
        Assert.Equal("pocketsphinx", entry.Engine);
        Assert.InRange(Speech.Wer(Speech.HelloText, entry.Text), 0, Speech.MaxWordErrorRate);
        Assert.InRange(entry.AudioDuration.TotalSeconds, 3.5, 3.7);
    }

    /// <summary>The history contract kept in memory (the SQLite store has its own tests).</summary>
    private sealed class MemoryHistoryStore : IHistoryStore
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
            Task.FromResult<IReadOnlyList<HistoryEntry>>([.. _entries.Reverse().Take(query.Limit)]);

        public Task<int> ClearAsync(CancellationToken cancellationToken = default)
        {
            int count = _entries.Count;
            _entries.Clear();
            return Task.FromResult(count);
        }
    }
}
