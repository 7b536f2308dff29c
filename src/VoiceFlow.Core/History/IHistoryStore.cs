namespace VoiceFlow.Core.History;

/// <summary>Keeps every transcription (the SQLite store under $XDG_DATA_HOME/voiceflow/history.db).</summary>
public interface IHistoryStore
{
    /// <summary>Stores <paramref name="entry"/> durably and returns its id.</summary>
    /// <exception cref="HistoryException">The database cannot be written (disk full, read-only, corrupt).</exception>
    Task<long> AddAsync(HistoryEntry entry, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="entry"/> with the audio it was transcribed from (mono 16 kHz). A store that keeps audio
    /// (history_keep_audio) saves it and records where; the default ignores the audio.
    /// </summary>
    /// <exception cref="HistoryException">The database (or the kept audio) cannot be written.</exception>
    Task<long> AddAsync(HistoryEntry entry, ReadOnlyMemory<float> audio16k, CancellationToken cancellationToken = default) =>
        AddAsync(entry, cancellationToken);

    /// <summary>Entries matching <paramref name="query"/>, newest first.</summary>
    Task<IReadOnlyList<HistoryEntry>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken = default);

    /// <summary>The entry with <paramref name="id"/>, or null when there is none.</summary>
    /// <exception cref="HistoryException">The database cannot be read.</exception>
    /// <exception cref="NotSupportedException">A store that keeps no ids (test doubles, forwarding wrappers).</exception>
    Task<HistoryEntry?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{GetType().Name} cannot look entries up by id");

    /// <summary>Deletes every entry (and kept audio); returns how many were deleted.</summary>
    Task<int> ClearAsync(CancellationToken cancellationToken = default);
}
