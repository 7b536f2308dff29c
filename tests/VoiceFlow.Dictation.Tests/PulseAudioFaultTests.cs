using VoiceFlow.Core.History;
using VoiceFlow.History.Sqlite;
using VoiceFlow.Dictation.Tests.Support;
using VoiceFlow.Tests.Shared;

namespace VoiceFlow.Dictation.Tests;

/// <summary>Faults with a real PulseAudio server: the sound server restarting under the daemon, kill -9 of the daemon.</summary>
public sealed class PulseAudioFaultTests(EngineFixture engine) : IDisposable
{
    private readonly TestDirectories _directories = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_restarted_sound_server_is_reported_and_capture_recovers_without_a_daemon_restart()
    {
        using var pulse = PulseAudioTestServer.Start();
        await using var harness = await StartAsync(pulse);
        await WaitForStatusAsync(harness, s => s.CaptureHealthy);

        pulse.Stop();
        var down = await WaitForStatusAsync(harness, s => !s.CaptureHealthy);
        Assert.NotNull(down.LastError);

        pulse.Restart();
        await WaitForStatusAsync(harness, s => s.CaptureHealthy);
        var sentence = Speech.Sentence(Speech.Second);
        await harness.Client.SendAsync("begin", Ct);
        await pulse.PlayAsync(WriteWav(sentence), Ct);
        Speech.AssertRecognised(sentence, (await harness.Client.SendAsync("end", Ct)).Text!);
    }

    [Fact]
    public async Task Kill_9_during_transcription_then_restart_puts_the_recording_in_history()
    {
        // A Whisper model with random weights decodes to its token limit: seconds of transcription to kill into.
        string slowModel = SharedFolder.Require("fixtures/whisper/models/ggml-random-tiny.en-f16.bin");
        using var pulse = PulseAudioTestServer.Start();
        var sentence = Speech.Sentence();
        string pendingFolder = _directories.Paths.PendingDirectory;

        await using (var slow = await DaemonProcess.StartAsync(_directories, pulse.ClientEnvironment,
            "--source", PulseAudioTestServer.MonitorSource, "--output", "stdout", "--engine", "whisper", "--model", slowModel, "--no-fallback"))
        {
            await slow.Client.SendAsync("begin", Ct);
            await pulse.PlayAsync(WriteWav(sentence), Ct);
            var ending = slow.Client.SendAsync("end", Ct);
            // The recording is on disk before transcription starts: kill the moment it appears.
            Assert.True(SpinWait.SpinUntil(() => Directory.Exists(pendingFolder) && Directory.GetFiles(pendingFolder, "*.wav").Length > 0, TimeSpan.FromSeconds(10)),
                $"no pending recording appeared\n{slow.Log}");
            slow.Kill9();
            await Assert.ThrowsAnyAsync<DictationException>(() => ending);
        }

        string pending = Assert.Single(Directory.GetFiles(pendingFolder, "*.wav"));
        // A socket and a lock file are left behind, as after any crash; the new daemon must cope.
        Assert.True(File.Exists(_directories.Paths.SocketPath));

        await using (var restarted = await DaemonProcess.StartAsync(_directories, pulse.ClientEnvironment,
            "--source", PulseAudioTestServer.MonitorSource, "--output", "stdout", "--engine", "pocketsphinx"))
        {
            await restarted.WaitForStatusAsync(s => s.PendingRecordings == 0, TimeSpan.FromSeconds(60));
            Assert.DoesNotContain("tomorrow", restarted.Log, StringComparison.OrdinalIgnoreCase); // recovered, not delivered to stdout
        }

        Assert.False(File.Exists(pending));
        using var history = SqliteHistoryStore.OpenDefault(_directories.Environment());
        var entry = Assert.Single(await history.QueryAsync(new HistoryQuery(), Ct));
        Speech.AssertRecognised(sentence, entry.Text);
        Assert.Equal("dictation", entry.Kind);
        Assert.Equal("recovered " + Path.GetFileName(pending), entry.Source);
    }

    public void Dispose() => _directories.Dispose();

    private Task<DaemonHarness> StartAsync(PulseAudioTestServer pulse) => DaemonHarness.StartOnPulseAsync(engine.Factory, _directories, pulse);

    private string WriteWav(SpokenSentence sentence) => PulseAudioDictationTests.WriteWav(_directories, sentence.Samples, sentence.Item.Id);

    private static async Task<Protocol.DictationStatus> WaitForStatusAsync(DaemonHarness harness, Func<Protocol.DictationStatus, bool> condition)
    {
        for (int i = 0; i < 200; i++)
        {
            var status = (await harness.Client.SendAsync("status", Ct)).Status!;
            if (condition(status))
            {
                return status;
            }

            await Task.Delay(50, Ct);
        }

        throw new TimeoutException("status never matched within 10 s");
    }
}
