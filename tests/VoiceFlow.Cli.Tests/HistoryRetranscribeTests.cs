using System.Text.Json;
using VoiceFlow.Core.Audio;
using VoiceFlow.Core.History;
using VoiceFlow.History.Sqlite;
using VoiceFlow.Tests.Shared;

namespace VoiceFlow.Cli.Tests;

/// <summary><c>history retranscribe</c>: a kept recording transcribed again becomes a new version of its entry.</summary>
public sealed class HistoryRetranscribeTests
{
    private static async Task<(int Exit, string Output, string Error)> RunAsync(TempFolder data, params string[] args)
    {
        var environment = new Dictionary<string, string> { ["XDG_DATA_HOME"] = data.Path, ["HOME"] = data.Path };
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await CliApplication.RunAsync(args, output, error, environment);
        return (exit, output.ToString(), error.ToString());
    }

    private static string Sample => Path.Combine(SharedFolder.RepositoryRoot, "samples", "hello.wav");

    [Fact]
    public async Task A_kept_recording_is_transcribed_again_into_a_new_entry_naming_the_original()
    {
        using var data = new TempFolder();
        long id;
        using (var store = SqliteHistoryStore.Open(Path.Combine(data.Path, "voiceflow", "history.db"), keepAudio: true))
        {
            var audio = await AudioFileLoader.LoadMono16kAsync(Sample, new AudioLoadOptions(), TestContext.Current.CancellationToken);
            id = await store.AddAsync(Dictated("an earlier, worse transcript"), audio.Samples, TestContext.Current.CancellationToken);
        }

        var again = await RunAsync(data, "history", "retranscribe", Id(id), "--engine", "pocketsphinx");
        using var listed = JsonDocument.Parse((await RunAsync(data, "history", "--json")).Output);

        Assert.True(again.Exit == 0, again.Error);
        Assert.Contains("office", again.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"a new version of entry {id}", again.Error, StringComparison.Ordinal);
        var entries = listed.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, entries.Count);
        var revision = entries.Single(e => e.TryGetProperty("revision_of", out _));
        var original = entries.Single(e => !e.TryGetProperty("revision_of", out _));
        Assert.Equal(id, revision.GetProperty("revision_of").GetInt64());
        Assert.Equal("an earlier, worse transcript", original.GetProperty("text").GetString());
        Assert.Equal("dictation", revision.GetProperty("kind").GetString());
        Assert.Equal(original.GetProperty("audio_path").GetString(), revision.GetProperty("audio_path").GetString());
        Assert.Equal(0, (await RunAsync(data, "history", "clear")).Exit);
        Assert.Empty(Directory.EnumerateFiles(data.Path, "*.wav", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_file_transcription_is_transcribed_again_from_its_file()
    {
        using var data = new TempFolder();
        Assert.Equal(0, (await RunAsync(data, "transcribe", "--engine", "pocketsphinx", Sample)).Exit);
        long id = JsonDocument.Parse((await RunAsync(data, "history", "--json")).Output).RootElement[0].GetProperty("id").GetInt64();

        var again = await RunAsync(data, "history", "retranscribe", Id(id));

        Assert.True(again.Exit == 0, again.Error);
        Assert.Contains("office", again.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_entry_without_audio_or_a_missing_entry_is_a_clear_error()
    {
        using var data = new TempFolder();
        long id;
        using (var store = SqliteHistoryStore.Open(Path.Combine(data.Path, "voiceflow", "history.db")))
        {
            id = await store.AddAsync(Dictated("kept without audio"), TestContext.Current.CancellationToken);
        }

        var noAudio = await RunAsync(data, "history", "retranscribe", Id(id));
        var missing = await RunAsync(data, "history", "retranscribe", "999");

        Assert.Equal(9, noAudio.Exit);
        Assert.Contains("has no audio to transcribe again", noAudio.Error, StringComparison.Ordinal);
        Assert.Contains("history_keep_audio", noAudio.Error, StringComparison.Ordinal);
        Assert.Equal(9, missing.Exit);
        Assert.Contains("no entry 999", missing.Error, StringComparison.Ordinal);
    }

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static HistoryEntry Dictated(string text) => new()
    {
        Time = DateTimeOffset.Now,
        Kind = "dictation",
        Source = "dictation",
        Text = text,
        RawText = text,
        Engine = "pocketsphinx",
        Model = "en-us",
        AudioDuration = TimeSpan.FromSeconds(3),
        ProcessingTime = TimeSpan.FromSeconds(0.5),
    };
}
