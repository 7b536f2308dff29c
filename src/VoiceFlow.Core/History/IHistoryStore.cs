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

    /// <summary>Deletes every entry (and kept audio); returns how many were deleted.</summary>
    Task<int> ClearAsync(CancellationToken cancellationToken = default);
}
