using VoiceFlow.Core.Audio;
using VoiceFlow.Dictation.Daemon;
using VoiceFlow.Dictation.Tests.Support;

namespace VoiceFlow.Dictation.Tests;

/// <summary>Pending recordings: written before transcription, removed after history, recovered at start.</summary>
public sealed class RecoveryTests(EngineFixture engine)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Recordings_left_pending_go_to_history_at_start_without_being_delivered()
    {
        var directories = new TestDirectories();
        var sentence = Speech.Sentence();
        var pending = new PendingRecordings(directories.Paths.PendingDirectory);
        string left = pending.Save(sentence.Samples);
        string silent = pending.Save(new float[16_000]);
        File.WriteAllText(Path.Combine(directories.Paths.PendingDirectory, "cut.partial"), "RIFF");

        await using var harness = await DaemonHarness.StartAsync(engine.Factory, directories);
        await harness.Daemon.Recovery.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        var entry = Assert.Single(harness.History.Entries);
        Speech.AssertRecognised(sentence, entry.Text);
        Assert.Equal("recovered " + Path.GetFileName(left), entry.Source);
        Assert.Empty(harness.Output.Delivered);
        Assert.False(File.Exists(left));
        Assert.False(File.Exists(silent));
        Assert.Empty(Directory.GetFiles(directories.Paths.PendingDirectory));
        Assert.Equal(0, (await harness.Client.SendAsync("status", Ct)).Status!.PendingRecordings);
    }

    [Fact]
    public async Task An_unreadable_pending_recording_is_set_aside_and_reported()
    {
        var directories = new TestDirectories();
        Directory.CreateDirectory(directories.Paths.PendingDirectory);
        string broken = Path.Combine(directories.Paths.PendingDirectory, "20260101T000000.0000000Z-1-1.wav");
        File.WriteAllText(broken, "not a wav file at all");

        await using var harness = await DaemonHarness.StartAsync(engine.Factory, directories);
        await harness.Daemon.Recovery.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.True(File.Exists(broken + ".failed"));
        Assert.Empty(harness.History.Entries);
        Assert.Contains(".failed", (await harness.Client.SendAsync("status", Ct)).Status!.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saved_recordings_are_complete_16k_wavs_in_a_private_folder()
    {
        using var directories = new TestDirectories();
        var pending = new PendingRecordings(directories.Paths.PendingDirectory);
        float[] samples = [0.5f, -0.25f, 0f, 0.125f];

        string path = pending.Save(samples);

        Assert.Equal([path], pending.List());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directories.Paths.PendingDirectory));
        var loaded = await AudioFileLoader.LoadMono16kAsync(path, AudioLoadOptions.Default, Ct);
        Assert.Equal(samples, loaded.Samples.ToArray());
    }
}
