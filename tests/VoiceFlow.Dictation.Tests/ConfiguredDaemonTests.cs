using System.Text.Json;
using VoiceFlow.Cli;
using VoiceFlow.Core.History;
using VoiceFlow.Dictation.Tests.Support;
using VoiceFlow.History.Sqlite;
using VoiceFlow.Tests.Shared;

namespace VoiceFlow.Dictation.Tests;

/// <summary>
/// <c>voiceflow dictate daemon</c> with no flags at all, as a real process: everything comes from the config file
/// (capture_source, pulse_server, the output, append_trailing_space, history_keep_audio).
/// </summary>
public sealed class ConfiguredDaemonTests(EngineFixture engine) : IDisposable
{
    private readonly TestDirectories _directories = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_daemon_records_the_configured_source_delivers_with_a_trailing_space_and_keeps_the_audio()
    {
        _ = engine.Factory; // skips without PocketSphinx
        using var pulse = PulseAudioTestServer.Start();
        string outputFile = Path.Combine(_directories.Root, "dictated.txt");
        WriteConfig(new Dictionary<string, object>
        {
            ["engine"] = "pocketsphinx",
            ["capture_source"] = PulseAudioTestServer.MonitorSource,
            ["pulse_server"] = pulse.ServerAddress,
            ["output"] = "file",
            ["output_file"] = outputFile,
            ["output_file_format"] = "text",
            ["history_keep_audio"] = true,
        });

        // No PULSE_SERVER and no --source: the sound server and the source can only come from the config file.
        await using var daemon = await DaemonProcess.StartAsync(_directories, new Dictionary<string, string>());
        var (code, status, _) = await RunCliAsync("dictate", "status");
        Assert.Equal(0, code);
        Assert.Contains($"capture: {PulseAudioTestServer.MonitorSource} (healthy)", status, StringComparison.Ordinal);

        var sentence = Speech.Sentence(Speech.Second);
        await daemon.Client.SendAsync("begin", Ct);
        await pulse.PlayAsync(PulseAudioDictationTests.WriteWav(_directories, sentence.Samples, sentence.Item.Id), Ct);
        string text = (await daemon.Client.SendAsync("end", Ct)).Text!;

        Speech.AssertRecognised(sentence, text);
        // append_trailing_space: running text in a file gets a space after each dictation.
        Assert.Equal(text + " ", await File.ReadAllTextAsync(outputFile, Ct));
        // history_keep_audio: the recording is kept as a WAV beside the history database. The entry is written after
        // the answer; its pending recording goes once it is stored.
        await daemon.WaitForStatusAsync(s => s.PendingRecordings == 0, TimeSpan.FromSeconds(30));
        using var history = SqliteHistoryStore.OpenDefault(_directories.Environment());
        var entry = Assert.Single(await history.QueryAsync(new HistoryQuery(), Ct));
        Assert.Equal(text, entry.Text);
        Assert.NotNull(entry.AudioPath);
        Assert.True(File.Exists(entry.AudioPath), $"kept audio {entry.AudioPath} does not exist\n{daemon.Log}");
    }

    public void Dispose() => _directories.Dispose();

    private void WriteConfig(Dictionary<string, object> values)
    {
        string folder = Path.Combine(_directories.Root, "config", "voiceflow");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), JsonSerializer.Serialize(values));
    }

    private async Task<(int Code, string Output, string Error)> RunCliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await CliApplication.RunAsync(args, output, error, _directories.Environment());
        return (code, output.ToString(), error.ToString());
    }
}
