using System.Text.Json;
using VoiceFlow.Core.Tests;
using VoiceFlow.Tests.Shared;

namespace VoiceFlow.Cli.Tests;

/// <summary><c>voiceflow history</c> and the history <c>transcribe</c> writes, in a private XDG_DATA_HOME.</summary>
public class HistoryCommandTests
{
    private static async Task<(int Exit, string Output, string Error)> RunAsync(TempFolder data, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new Dictionary<string, string> { ["XDG_DATA_HOME"] = data.Path, ["HOME"] = data.Sub("home") };
        int exit = await CliApplication.RunAsync(args, output, error, environment);
        return (exit, output.ToString(), error.ToString());
    }

    private static string Sample => Path.Combine(SharedFolder.RepositoryRoot, "samples", "hello.wav");

    [Fact]
    public async Task Transcribe_stores_each_file_and_history_lists_searches_and_clears_it()
    {
        using var data = new TempFolder();

        var transcribe = await RunAsync(data, "transcribe", "--engine", "pocketsphinx", Sample, Sample);
        var json = await RunAsync(data, "history", "--json", "--limit", "1");
        var found = await RunAsync(data, "history", "--search", "OFFICE BEFORE");
        var missing = await RunAsync(data, "history", "--search", "no such words");
        var clear = await RunAsync(data, "history", "clear");
        var after = await RunAsync(data, "history", "--json");

        Assert.True(transcribe.Exit == 0, transcribe.Error);
        Assert.True(File.Exists(Path.Combine(data.Path, "voiceflow", "history.db")));
        using var document = JsonDocument.Parse(json.Output);
        var entry = Assert.Single(document.RootElement.EnumerateArray());
        Assert.Equal(2, entry.GetProperty("id").GetInt64());
        Assert.Equal("file", entry.GetProperty("kind").GetString());
        Assert.Equal(Sample, entry.GetProperty("source").GetString());
        Assert.Equal("pocketsphinx", entry.GetProperty("engine").GetString());
        Assert.Contains("office before noon tomorrow", entry.GetProperty("text").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.True(entry.GetProperty("audio_seconds").GetDouble() > 1);
        Assert.True(entry.GetProperty("speed_factor").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("audio_path").ValueKind);
        Assert.Equal(2, found.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("office before noon tomorrow", found.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("", missing.Output);
        Assert.StartsWith("deleted 2 entries", clear.Output, StringComparison.Ordinal);
        Assert.Equal("[]", after.Output.Trim());
    }

    [Fact]
    public async Task With_history_off_transcribe_stores_nothing()
    {
        using var data = new TempFolder();

        var off = await RunAsync(data, "transcribe", "--engine", "pocketsphinx", "--set", "history_enabled=false", Sample);
        Assert.True(off.Exit == 0, off.Error);
        Assert.False(File.Exists(Path.Combine(data.Path, "voiceflow", "history.db")));
    }

    [Fact]
    public async Task A_bad_limit_and_a_corrupt_database_are_clear_errors()
    {
        using var data = new TempFolder();
        Directory.CreateDirectory(Path.Combine(data.Path, "voiceflow"));
        await File.WriteAllTextAsync(Path.Combine(data.Path, "voiceflow", "history.db"), new string('x', 4096), TestContext.Current.CancellationToken);

        var limit = await RunAsync(data, "history", "--limit", "0");
        var corrupt = await RunAsync(data, "history");
        var transcribe = await RunAsync(data, "transcribe", "--engine", "pocketsphinx", Sample);

        Assert.NotEqual(0, limit.Exit);
        Assert.Contains("--limit must be at least 1", limit.Error, StringComparison.Ordinal);
        Assert.Equal(9, corrupt.Exit);
        Assert.Contains("corrupt or not a VoiceFlow history database", corrupt.Error, StringComparison.Ordinal);
        // The transcript is what was asked for: a broken history costs a warning, not the command.
        Assert.True(transcribe.Exit == 0, transcribe.Error);
        Assert.Contains("warning: transcripts are not stored in history", transcribe.Error, StringComparison.Ordinal);
        Assert.Contains("office before noon tomorrow", transcribe.Output, StringComparison.OrdinalIgnoreCase);
    }
}
