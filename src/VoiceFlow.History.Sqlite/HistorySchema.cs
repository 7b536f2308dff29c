namespace VoiceFlow.History.Sqlite;

/// <summary>
/// The history database's schema as numbered migrations. <c>PRAGMA user_version</c> records how many have run; opening
/// a database runs the missing ones in one transaction, so an older file is upgraded in place and a crash mid-upgrade
/// leaves it as it was. A file from a newer VoiceFlow (a version above <see cref="Version"/>) is refused, not guessed at.
/// To change the schema, append a migration; never edit one that has shipped.
/// </summary>
internal static class HistorySchema
{
    public static readonly string[] Migrations =
    [
        // 1: entries. Times as Unix milliseconds (UTC) plus the writer's UTC offset, so ordering is by instant and
        // display keeps local time; search_text is the text folded to lower case for case-insensitive search.
        """
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
        """,

        // 2: the transcript's language (detected with language = auto) and the detection's probability; null in older entries.
        """
        ALTER TABLE entries ADD COLUMN language TEXT;
        ALTER TABLE entries ADD COLUMN language_probability REAL;
        """,

        // 3: re-transcriptions. An entry transcribed again from its kept audio is a new entry naming the one it revises.
        """
        ALTER TABLE entries ADD COLUMN revision_of INTEGER REFERENCES entries(id);
        """,
    ];

    /// <summary>The schema version this build writes.</summary>
    public static int Version => Migrations.Length;
}
