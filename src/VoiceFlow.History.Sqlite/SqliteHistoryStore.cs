using System.Data;
using System.Globalization;
using Microsoft.Data.Sqlite;
using VoiceFlow.Core.Audio;
using VoiceFlow.Core.History;

namespace VoiceFlow.History.Sqlite;

/// <summary>
/// The history in one SQLite file (<see cref="HistoryLocation.DefaultPath"/>), safe for several processes at once
/// (the daemon, the server and <c>voiceflow transcribe</c> may all write): WAL journal, so readers never block the
/// writer and a killed writer leaves the last committed transaction intact; a busy timeout, so a second writer waits
/// for the first instead of failing; synchronous=FULL, so a stored entry survives a power cut too — the daemon deletes
/// a pending recording once its entry is stored, and with NORMAL a power cut could lose both. A commit is one small
/// fsync per dictation, far below a dictation's rate. Each call uses its own (pooled) connection: the store is
/// thread-safe.
/// </summary>
public sealed class SqliteHistoryStore : IHistoryStore, IDisposable
{
    /// <summary>How long a writer waits for another process's transaction before giving up.</summary>
    private const int BusyTimeoutMs = 10_000;

    private const string Columns =
        "id, time_unix_ms, utc_offset_minutes, kind, source, text, raw_text, engine, model, audio_seconds, processing_seconds, audio_path, language, language_probability, revision_of";

    private readonly string _connectionString;

    private SqliteHistoryStore(string path, bool keepAudio)
    {
        Path = path;
        KeepAudio = keepAudio;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMs / 1000,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Whether <see cref="AddAsync(HistoryEntry, ReadOnlyMemory{float}, CancellationToken)"/> keeps the audio as a WAV file.</summary>
    public bool KeepAudio { get; }

    /// <summary>Where kept audio goes (<c>history-audio</c> beside the database).</summary>
    public string AudioFolder => HistoryLocation.AudioFolder(Path);

    /// <summary>Opens (creating it and its folder when needed) and migrates the database at <paramref name="path"/>.</summary>
    /// <param name="path">The database file, e.g. <see cref="HistoryLocation.DefaultPath"/>.</param>
    /// <param name="keepAudio">Keep each entry's audio beside the database (history_keep_audio).</param>
    /// <exception cref="HistoryException">The folder or file cannot be created or opened, is corrupt, read-only, or from a newer VoiceFlow.</exception>
    public static SqliteHistoryStore Open(string path, bool keepAudio = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = System.IO.Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new HistoryException($"history database {full}: cannot create its folder: {exception.Message}", exception);
        }

        var store = new SqliteHistoryStore(full, keepAudio);
        store.Run("open", connection =>
        {
            using var wal = Command(connection, "PRAGMA journal_mode = WAL;");
            string mode = Convert.ToString(wal.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "";
            if (!mode.Equals("wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new HistoryException($"history database {full}: cannot switch to WAL journaling (journal mode is '{mode}')");
            }

            Migrate(connection, full);
            return 0;
        });
        return store;
    }

    /// <summary>Opens the database for <paramref name="environment"/> (XDG_DATA_HOME, else HOME).</summary>
    /// <exception cref="HistoryException">Neither variable gives a location, or the database cannot be opened.</exception>
    public static SqliteHistoryStore OpenDefault(IReadOnlyDictionary<string, string> environment, bool keepAudio = false) =>
        Open(HistoryLocation.DefaultPath(environment)
            ?? throw new HistoryException("history database: no location: neither XDG_DATA_HOME nor HOME is set to an absolute path"), keepAudio);

    /// <inheritdoc/>
    public Task<long> AddAsync(HistoryEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return RunAsync("store an entry", async connection =>
        {
            await using var insert = Command(connection, $"""
                INSERT INTO entries (time_unix_ms, utc_offset_minutes, kind, source, text, raw_text, search_text, engine, model, audio_seconds, processing_seconds, audio_path, language, language_probability, revision_of)
                VALUES (@time, @offset, @kind, @source, @text, @raw, @search, @engine, @model, @audio, @processing, @audioPath, @language, @languageProbability, @revisionOf)
                RETURNING id;
                """);
            insert.Parameters.AddWithValue("@time", entry.Time.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("@offset", (int)entry.Time.Offset.TotalMinutes);
            insert.Parameters.AddWithValue("@kind", entry.Kind);
            insert.Parameters.AddWithValue("@source", entry.Source);
            insert.Parameters.AddWithValue("@text", entry.Text);
            insert.Parameters.AddWithValue("@raw", entry.RawText);
            insert.Parameters.AddWithValue("@search", Fold(entry.Text));
            insert.Parameters.AddWithValue("@engine", entry.Engine);
            insert.Parameters.AddWithValue("@model", entry.Model);
            insert.Parameters.AddWithValue("@audio", entry.AudioDuration.TotalSeconds);
            insert.Parameters.AddWithValue("@processing", entry.ProcessingTime.TotalSeconds);
            insert.Parameters.AddWithValue("@audioPath", (object?)entry.AudioPath ?? DBNull.Value);
            insert.Parameters.AddWithValue("@language", (object?)entry.Language ?? DBNull.Value);
            insert.Parameters.AddWithValue("@languageProbability", (object?)entry.LanguageProbability ?? DBNull.Value);
            insert.Parameters.AddWithValue("@revisionOf", (object?)entry.RevisionOf ?? DBNull.Value);
            return Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        });
    }

    /// <summary>
    /// Stores <paramref name="entry"/>, keeping <paramref name="audio16k"/> (mono 16 kHz) as a WAV file beside the
    /// database when <see cref="KeepAudio"/> is on (its path recorded in the entry); without it, the audio is ignored.
    /// </summary>
    /// <exception cref="HistoryException">The WAV file or the entry cannot be written (the WAV is removed again when the entry fails).</exception>
    public async Task<long> AddAsync(HistoryEntry entry, ReadOnlyMemory<float> audio16k, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!KeepAudio)
        {
            return await AddAsync(entry, cancellationToken).ConfigureAwait(false);
        }

        string wav = WriteAudio(entry.Time, audio16k.Span);
        try
        {
            return await AddAsync(entry with { AudioPath = wav }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            File.Delete(wav);
            throw;
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<HistoryEntry>> QueryAsync(HistoryQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1, nameof(query));
        return RunAsync<IReadOnlyList<HistoryEntry>>("read entries", async connection =>
        {
            bool search = !string.IsNullOrEmpty(query.Search);
            // instr on the folded text: a plain substring test (LIKE would treat % and _ in the search as wildcards
            // and fold only ASCII).
            await using var select = Command(connection,
                $"SELECT {Columns} FROM entries {(search ? "WHERE instr(search_text, @needle) > 0" : "")} ORDER BY time_unix_ms DESC, id DESC LIMIT @limit;");
            if (search)
            {
                select.Parameters.AddWithValue("@needle", Fold(query.Search!));
            }

            select.Parameters.AddWithValue("@limit", query.Limit);
            var entries = new List<HistoryEntry>();
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                entries.Add(Read(reader));
            }

            return entries;
        });
    }

    /// <inheritdoc/>
    public Task<HistoryEntry?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        RunAsync("read an entry", async connection =>
        {
            await using var select = Command(connection, $"SELECT {Columns} FROM entries WHERE id = @id;");
            select.Parameters.AddWithValue("@id", id);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
        });

    /// <summary>
    /// Deletes every entry and the kept audio files. Deleted text is overwritten in the file (secure_delete) and the
    /// WAL is truncated, so cleared dictations do not linger on disk.
    /// </summary>
    public async Task<int> ClearAsync(CancellationToken cancellationToken = default)
    {
        var (count, audio) = await RunAsync("clear the history", async connection =>
        {
            await using (var secure = Command(connection, "PRAGMA secure_delete = ON;"))
            {
                await secure.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var paths = new List<string>();
                await using (var select = Command(connection, "SELECT DISTINCT audio_path FROM entries WHERE audio_path IS NOT NULL;", transaction))
                await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        paths.Add(reader.GetString(0));
                    }
                }

                await using var delete = Command(connection, "DELETE FROM entries;", transaction);
                int deleted = await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                await using var checkpoint = Command(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
                await checkpoint.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return (deleted, paths);
            }
        }).ConfigureAwait(false);

        DeleteAudio(audio);
        return count;
    }

    /// <summary>SQLite's <c>PRAGMA integrity_check</c>: "ok", or the problems it found, one per line.</summary>
    public Task<string> CheckIntegrityAsync(CancellationToken cancellationToken = default) =>
        RunAsync("check integrity", async connection =>
        {
            await using var check = Command(connection, "PRAGMA integrity_check;");
            var lines = new List<string>();
            await using var reader = await check.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                lines.Add(reader.GetString(0));
            }

            return string.Join('\n', lines);
        });

    /// <summary>Closes the pooled connections to this file (so its file system can be unmounted, or the file moved).</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private static void Migrate(SqliteConnection connection, string path)
    {
        using var transaction = connection.BeginTransaction(IsolationLevel.Serializable);
        using var version = Command(connection, "PRAGMA user_version;", transaction);
        int current = Convert.ToInt32(version.ExecuteScalar(), CultureInfo.InvariantCulture);
        if (current > HistorySchema.Version)
        {
            throw new HistoryException(
                $"history database {path}: schema version {current} is newer than this VoiceFlow knows ({HistorySchema.Version}); update VoiceFlow or move the file away");
        }

        for (int step = current; step < HistorySchema.Version; step++)
        {
            using var migrate = Command(connection, HistorySchema.Migrations[step], transaction);
            migrate.ExecuteNonQuery();
        }

        if (current < HistorySchema.Version)
        {
            using var set = Command(connection, $"PRAGMA user_version = {HistorySchema.Version.ToString(CultureInfo.InvariantCulture)};", transaction);
            set.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static HistoryEntry Read(SqliteDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        Time = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)).ToOffset(TimeSpan.FromMinutes(reader.GetInt32(2))),
        Kind = reader.GetString(3),
        Source = reader.GetString(4),
        Text = reader.GetString(5),
        RawText = reader.GetString(6),
        Engine = reader.GetString(7),
        Model = reader.GetString(8),
        AudioDuration = TimeSpan.FromSeconds(reader.GetDouble(9)),
        ProcessingTime = TimeSpan.FromSeconds(reader.GetDouble(10)),
        AudioPath = reader.IsDBNull(11) ? null : reader.GetString(11),
        Language = reader.IsDBNull(12) ? null : reader.GetString(12),
        LanguageProbability = reader.IsDBNull(13) ? null : reader.GetDouble(13),
        RevisionOf = reader.IsDBNull(14) ? null : reader.GetInt64(14),
    };

    /// <summary>The form text is searched in: invariant lower case (full Unicode case mapping, not only ASCII).</summary>
    private static string Fold(string text) => text.ToLowerInvariant();

    private static SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // The SQL is built from constants; values always go in parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.Transaction = transaction;
        return command;
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var settings = Command(connection, $"PRAGMA busy_timeout = {BusyTimeoutMs.ToString(CultureInfo.InvariantCulture)}; PRAGMA synchronous = FULL;");
        settings.ExecuteNonQuery();
        return connection;
    }

    private T Run<T>(string action, Func<SqliteConnection, T> work)
    {
        try
        {
            using var connection = Connect();
            return work(connection);
        }
        catch (SqliteException exception)
        {
            throw Failure(action, exception);
        }
    }

    private async Task<T> RunAsync<T>(string action, Func<SqliteConnection, Task<T>> work)
    {
        try
        {
            using var connection = Connect();
            return await work(connection).ConfigureAwait(false);
        }
        catch (SqliteException exception)
        {
            throw Failure(action, exception);
        }
    }

    private HistoryException Failure(string action, SqliteException exception) =>
        new($"history database {Path}: cannot {action}: {Cause(exception)}", exception);

    /// <summary>The cause in words, from SQLite's primary result code.</summary>
    internal static string Cause(SqliteException exception) => (exception.SqliteErrorCode & 0xFF) switch
    {
        13 => "the disk is full",
        8 => "the database is read-only (check the permissions of the file and its folder)",
        14 => "the file cannot be opened (missing folder or no permission)",
        3 or 23 => "permission denied",
        11 or 26 => "the file is corrupt or not a VoiceFlow history database; move it away to start a new history",
        5 or 6 => "another process kept the database locked",
        10 => $"an I/O error ({exception.Message})",
        _ => exception.Message,
    };

    private string WriteAudio(DateTimeOffset time, ReadOnlySpan<float> samples)
    {
        string name = $"{time.UtcDateTime:yyyyMMdd-HHmmss-fff}-{Guid.NewGuid():N}"[..32] + ".wav";
        string target = System.IO.Path.Combine(AudioFolder, name);
        string temporary = target + ".tmp";
        try
        {
            Directory.CreateDirectory(AudioFolder);
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                WavWriter.Write(stream, samples, AudioFormat.RecognizerSampleRate);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, target);
            return target;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new HistoryException($"history database {Path}: cannot keep the audio in {AudioFolder}: {exception.Message}", exception);
        }
    }

    /// <summary>Deletes kept audio — only files inside <see cref="AudioFolder"/>, whatever a row says.</summary>
    private void DeleteAudio(IEnumerable<string> paths)
    {
        string folder = System.IO.Path.GetFullPath(AudioFolder) + System.IO.Path.DirectorySeparatorChar;
        foreach (string path in paths)
        {
            string full = System.IO.Path.GetFullPath(path);
            if (full.StartsWith(folder, StringComparison.Ordinal))
            {
                try
                {
                    File.Delete(full);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    throw new HistoryException($"history database {Path}: entries cleared, but kept audio {full} cannot be deleted: {exception.Message}", exception);
                }
            }
        }
    }
}
