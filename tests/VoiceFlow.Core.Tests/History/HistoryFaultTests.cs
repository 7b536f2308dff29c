using VoiceFlow.Tests.Shared;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using VoiceFlow.Core.History;
using VoiceFlow.History.Sqlite;

namespace VoiceFlow.Core.Tests.History;

/// <summary>A writer killed with SIGKILL mid-write, and a full disk: the history keeps every committed entry and stays intact.</summary>
public class HistoryFaultTests
{
    internal const string WriterVariable = "VOICEFLOW_TEST_HISTORY_WRITER";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static long Count(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM entries;";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task A_writer_killed_mid_write_leaves_an_intact_database_with_every_committed_entry()
    {
        if (Environment.GetEnvironmentVariable(WriterVariable) is not null)
        {
            Assert.Skip("already inside the writer child");
        }

        using var temp = new TempFolder();
        string path = temp.Sub("history.db");
        using (SqliteHistoryStore.Open(path))
        {
        }

        // The child is this test assembly, run through its own xunit command line, executing only the writer below.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in (string[])["exec", Path.Combine(AppContext.BaseDirectory, "VoiceFlow.Core.Tests.dll"),
            "-method", $"{typeof(HistoryWriterChild).FullName}.{nameof(HistoryWriterChild.Writes_entries_until_killed)}", "-noColor"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[WriterVariable] = path;
        using var child = Process.Start(start)!;
        var childOutput = child.StandardOutput.ReadToEndAsync(Token);
        _ = child.StandardError.ReadToEndAsync(Token);
        long before;
        try
        {
            var deadline = Stopwatch.StartNew();
            while ((before = Count(path)) < 300)
            {
                Assert.False(child.HasExited, $"the writer child ended before it was killed:\n{(child.HasExited ? await childOutput : "")}");
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), $"the writer child stored only {before} entries in 60 s");
                await Task.Delay(10, Token);
            }

            // The child commits every few milliseconds: killing it now lands inside a write with high likelihood.
            await Task.Delay(Random.Shared.Next(1, 15), Token);
        }
        finally
        {
            child.Kill(entireProcessTree: true); // SIGKILL: no finalizers, no rollback, no close
            await child.WaitForExitAsync(Token);
        }

        using var store = SqliteHistoryStore.Open(path);
        Assert.Equal("ok", await store.CheckIntegrityAsync(Token));
        var entries = await store.QueryAsync(new HistoryQuery { Limit = 1_000_000 }, Token);
        Assert.True(entries.Count >= before, $"{before} entries were committed before the kill, {entries.Count} are left");
        // Every entry is whole and none is missing from the sequence the child wrote.
        var numbers = entries.Select(e => int.Parse(e.Text.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(Enumerable.Range(0, entries.Count), numbers);
        Assert.All(entries, e => Assert.Equal(HistoryWriterChild.TextFor(int.Parse(e.Text.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)), e.Text));
        // And the database takes new entries.
        await store.AddAsync(HistoryEntries.Make("after the crash"), Token);
    }

    [Fact]
    public async Task A_full_disk_is_a_history_error_naming_the_cause_and_the_database_survives()
    {
        using var temp = new TempFolder();
        using var mount = SmallFileSystem.TryMount(temp.Sub("small"), "1m");
        string path = Path.Combine(mount.Path, "history.db");
        var store = SqliteHistoryStore.Open(path);
        HistoryException? full = null;
        try
        {
            for (int i = 0; i < 20; i++)
            {
                await store.AddAsync(HistoryEntries.Make($"before {i}", i), Token);
            }

            mount.Fill();
            string big = new('x', 16 * 1024);
            for (int i = 0; i < 2000 && full is null; i++)
            {
                try
                {
                    await store.AddAsync(HistoryEntries.Make($"filler {i} {big}", 100 + i), Token);
                }
                catch (HistoryException exception)
                {
                    full = exception;
                }
            }

            Assert.NotNull(full);
            Assert.Contains("disk is full", full.Message, StringComparison.Ordinal);
            Assert.Contains(path, full.Message, StringComparison.Ordinal);
            // Still full: reading and checking work, and every entry committed before is there.
            Assert.Equal("ok", await store.CheckIntegrityAsync(Token));
            var before = await store.QueryAsync(new HistoryQuery { Search = "before", Limit = 100 }, Token);
            Assert.Equal(20, before.Count);

            mount.Unfill();
            await store.AddAsync(HistoryEntries.Make("after space came back", 5000), Token);
        }
        finally
        {
            store.Dispose();
        }

        using var reopened = SqliteHistoryStore.Open(path);
        Assert.Equal("ok", await reopened.CheckIntegrityAsync(Token));
        Assert.Equal("after space came back", (await reopened.QueryAsync(new HistoryQuery { Limit = 1 }, Token))[0].Text);
    }
}

/// <summary>The child side of the killed-writer test: writes numbered entries as fast as it can until it is killed.</summary>
public class HistoryWriterChild
{
    public static string TextFor(int number) => $"entry {number} " + new string((char)('a' + (number % 26)), 1500 + (number % 500));

    [Fact]
    public async Task Writes_entries_until_killed()
    {
        string? path = Environment.GetEnvironmentVariable(HistoryFaultTests.WriterVariable);
        if (path is null)
        {
            Assert.Skip("only meaningful inside the killed-writer test's child");
        }

        using var store = SqliteHistoryStore.Open(path);
        var bound = Stopwatch.StartNew();
        for (int i = 0; bound.Elapsed < TimeSpan.FromSeconds(90); i++)
        {
            await store.AddAsync(HistoryEntries.Make(TextFor(i), i), TestContext.Current.CancellationToken);
        }
    }
}
