using VoiceFlow.Tests.Shared;
using Microsoft.Data.Sqlite;
using VoiceFlow.Core.Audio;
using VoiceFlow.Core.History;
using VoiceFlow.History.Sqlite;

namespace VoiceFlow.Core.Tests.History;

public class SqliteHistoryStoreTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Entries_come_back_newest_first_with_every_field()
    {
        using var temp = new TempFolder();
        using var store = SqliteHistoryStore.Open(temp.Sub("history.db"));
        var first = HistoryEntries.Make("First dictation.", minute: 0);
        var second = HistoryEntries.Make("Second one.", minute: 5, kind: "file") with { AudioPath = "/tmp/x.wav", Language = "de", LanguageProbability = 0.9731 };

        long id1 = await store.AddAsync(first, Token);
        long id2 = await store.AddAsync(second, Token);
        var entries = await store.QueryAsync(new HistoryQuery(), Token);

        Assert.True(id2 > id1);
        Assert.Equal([second with { Id = id2 }, first with { Id = id1 }], entries);
        Assert.Equal(TimeSpan.FromHours(1), entries[0].Time.Offset);
        Assert.Equal(6, entries[0].SpeedFactor, 3);
    }

    [Fact]
    public async Task Search_is_case_insensitive_beyond_ascii_and_takes_wildcards_literally()
    {
        using var temp = new TempFolder();
        using var store = SqliteHistoryStore.Open(temp.Sub("history.db"));
        await store.AddAsync(HistoryEntries.Make("Meeting with ÉLODIE about the budget", 0), Token);
        await store.AddAsync(HistoryEntries.Make("Buy milk", 1), Token);
        await store.AddAsync(HistoryEntries.Make("50% done_now", 2), Token);

        Assert.Equal(["Meeting with ÉLODIE about the budget"], (await store.QueryAsync(new HistoryQuery { Search = "élodie" }, Token)).Select(e => e.Text));
        Assert.Equal(["Buy milk"], (await store.QueryAsync(new HistoryQuery { Search = "MILK" }, Token)).Select(e => e.Text));
        Assert.Equal(["50% done_now"], (await store.QueryAsync(new HistoryQuery { Search = "% done_" }, Token)).Select(e => e.Text));
        Assert.Empty(await store.QueryAsync(new HistoryQuery { Search = "_" + "x" }, Token));
    }

    [Fact]
    public async Task The_limit_keeps_the_newest_and_clear_deletes_everything()
    {
        using var temp = new TempFolder();
        using var store = SqliteHistoryStore.Open(temp.Sub("history.db"));
        for (int i = 0; i < 30; i++)
        {
            await store.AddAsync(HistoryEntries.Make($"entry {i}", i), Token);
        }

        var newest = await store.QueryAsync(new HistoryQuery { Limit = 3 }, Token);
        int cleared = await store.ClearAsync(Token);

        Assert.Equal(["entry 29", "entry 28", "entry 27"], newest.Select(e => e.Text));
        Assert.Equal(30, cleared);
        Assert.Empty(await store.QueryAsync(new HistoryQuery { Limit = 100 }, Token));
        Assert.Equal("ok", await store.CheckIntegrityAsync(Token));
    }

    [Fact]
    public async Task The_database_is_in_wal_mode_with_the_schema_version_and_the_time_index()
    {
        using var temp = new TempFolder();
        string path = temp.Sub("history.db");
        using (SqliteHistoryStore.Open(path))
        {
        }

        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode;"));
        Assert.Equal("3", Scalar(connection, "PRAGMA user_version;"));
        Assert.Equal("entries_by_time", Scalar(connection, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entries';"));
    }

    [Fact]
    public async Task A_version_1_database_is_upgraded_in_place_and_keeps_its_entries()
    {
        using var temp = new TempFolder();
        string path = temp.Sub("history.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            Scalar(connection, HistorySchemaV1);
            Scalar(connection, "INSERT INTO entries (time_unix_ms, utc_offset_minutes, kind, source, text, raw_text, search_text, engine, model, audio_seconds, processing_seconds) VALUES (0, 0, 'file', 'a.wav', 'Old.', 'old', 'old.', 'whisper', 'base', 1, 1);");
            Scalar(connection, "PRAGMA user_version = 1;");
        }

        using var store = SqliteHistoryStore.Open(path);
        await store.AddAsync(HistoryEntries.Make("New.", 1) with { Language = "fr", LanguageProbability = 0.5 }, Token);
        var entries = await store.QueryAsync(new HistoryQuery(), Token);

        Assert.Equal([("New.", "fr", (double?)0.5), ("Old.", null, null)], entries.Select(e => (e.Text, e.Language, e.LanguageProbability)));
    }

    /// <summary>Migration 1 as it shipped.</summary>
    private const string HistorySchemaV1 = """
        CREATE TABLE entries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            time_unix_ms INTEGER NOT NULL,
            utc_offset_minutes INTEGER NOT NULL,
            kind TEXT NOT NULL,
            source TEXT NOT NULL,
            text TEXT NOT NULL,
            raw_text TEXT NOT NULL,
            search_text TEXT NOT NULL,
            engine TEXT NOT NULL,
            model TEXT NOT NULL,
            audio_seconds REAL NOT NULL,
            processing_seconds REAL NOT NULL,
            audio_path TEXT
        );
        CREATE INDEX entries_by_time ON entries (time_unix_ms DESC, id DESC);
        """;

    [Fact]
    public async Task A_database_from_a_newer_version_is_refused_naming_both_versions()
    {
        using var temp = new TempFolder();
        string path = temp.Sub("history.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            Scalar(connection, "PRAGMA user_version = 7;");
        }

        var error = Assert.Throws<HistoryException>(() => SqliteHistoryStore.Open(path));

        Assert.Contains("schema version 7 is newer", error.Message, StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_a_history_error_naming_the_cause()
    {
        using var temp = new TempFolder();
        string path = temp.Write("history.db", new string('x', 8192));

        var error = Assert.Throws<HistoryException>(() => SqliteHistoryStore.Open(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt or not a VoiceFlow history database", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_only_database_is_reported_as_read_only()
    {
        using var temp = new TempFolder();
        string path = temp.Sub("history.db");
        using (var store = SqliteHistoryStore.Open(path))
        {
            await store.AddAsync(HistoryEntries.Make("kept"), Token);
        }

        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = "DELETE FROM entries;";
        var sqlite = Assert.Throws<SqliteException>(() => insert.ExecuteNonQuery());

        Assert.Contains("read-only", SqliteHistoryStore.Cause(sqlite), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_connections_writing_at_once_lose_nothing()
    {
        using var temp = new TempFolder();
        string path = temp.Sub("history.db");
        using var first = SqliteHistoryStore.Open(path);
        using var second = SqliteHistoryStore.Open(path);

        async Task Write(SqliteHistoryStore store, string who)
        {
            for (int i = 0; i < 100; i++)
            {
                await store.AddAsync(HistoryEntries.Make($"{who} {i}", i), Token);
            }
        }

        await Task.WhenAll(Task.Run(() => Write(first, "a"), Token), Task.Run(() => Write(second, "b"), Token), Task.Run(() => Write(first, "c"), Token));

        var all = await second.QueryAsync(new HistoryQuery { Limit = 1000 }, Token);
        Assert.Equal(300, all.Count);
        Assert.Equal(300, all.Select(e => e.Text).Distinct().Count());
        Assert.Equal("ok", await first.CheckIntegrityAsync(Token));
    }

    [Fact]
    public async Task Kept_audio_is_a_wav_beside_the_database_and_clear_removes_it()
    {
        using var temp = new TempFolder();
        using var store = SqliteHistoryStore.Open(temp.Sub("history.db"), keepAudio: true);
        var audio = new float[16_000];
        for (int i = 0; i < audio.Length; i++)
        {
            audio[i] = (float)(0.5 * Math.Sin(2 * Math.PI * 440 * i / 16_000));
        }

        await store.AddAsync(HistoryEntries.Make("with audio"), audio, Token);
        var entry = Assert.Single(await store.QueryAsync(new HistoryQuery(), Token));

        Assert.NotNull(entry.AudioPath);
        Assert.Equal(store.AudioFolder, Path.GetDirectoryName(entry.AudioPath));
        var loaded = await AudioFileLoader.LoadMono16kAsync(entry.AudioPath, AudioLoadOptions.Default, Token);
        Assert.Equal(audio.Length, loaded.Samples.Length);

        await store.ClearAsync(Token);

        Assert.False(File.Exists(entry.AudioPath));
    }

    [Fact]
    public void The_default_path_follows_xdg_data_home_then_home()
    {
        Assert.Equal("/data/voiceflow/history.db", HistoryLocation.DefaultPath(new Dictionary<string, string> { ["XDG_DATA_HOME"] = "/data", ["HOME"] = "/home/u" }));
        Assert.Equal("/home/u/.local/share/voiceflow/history.db", HistoryLocation.DefaultPath(new Dictionary<string, string> { ["XDG_DATA_HOME"] = "relative", ["HOME"] = "/home/u" }));
        Assert.Null(HistoryLocation.DefaultPath(new Dictionary<string, string>()));
    }

    private static string? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
