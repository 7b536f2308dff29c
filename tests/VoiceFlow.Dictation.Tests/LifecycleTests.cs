using System.Net.Sockets;
using VoiceFlow.Dictation.Ipc;
using VoiceFlow.Dictation.Tests.Support;

namespace VoiceFlow.Dictation.Tests;

/// <summary>Starting, single instance, stale sockets, folder and socket modes, shutdown.</summary>
public sealed class LifecycleTests(EngineFixture engine)
{
    [Fact]
    public async Task Status_reports_the_engine_the_capture_and_this_process()
    {
        await using var harness = await DaemonHarness.StartAsync(engine.Factory);
        var status = (await harness.Client.SendAsync("status", TestContext.Current.CancellationToken)).Status!;

        Assert.Equal("idle", status.State);
        Assert.Equal(Environment.ProcessId, status.Pid);
        Assert.Equal("pocketsphinx", status.Engine);
        Assert.Equal("test", status.Output);
        Assert.Equal("paced", status.CaptureSource);
        Assert.Equal(0, status.PendingRecordings);
        Assert.Null(status.LastError);
    }

    [Fact]
    public async Task Socket_is_0600_in_a_0700_folder()
    {
        await using var harness = await DaemonHarness.StartAsync(engine.Factory);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(harness.Paths.RuntimeDirectory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(harness.Paths.SocketPath));
    }

    [Fact]
    public async Task A_second_daemon_refuses_to_start_and_names_the_running_pid()
    {
        await using var harness = await DaemonHarness.StartAsync(engine.Factory);

        var error = await Assert.ThrowsAsync<DaemonAlreadyRunningException>(() => DaemonHarness.StartAsync(engine.Factory, harness.Directories));

        Assert.Contains($"pid {Environment.ProcessId}", error.Message, StringComparison.Ordinal);
        // The first one still answers.
        Assert.Equal("idle", (await harness.Client.SendAsync("status", TestContext.Current.CancellationToken)).Status!.State);
    }

    [Fact]
    public async Task A_stale_socket_left_by_a_dead_daemon_is_removed_and_the_new_daemon_starts()
    {
        var directories = new TestDirectories();
        Directory.CreateDirectory(directories.Paths.RuntimeDirectory);
        // A socket file nobody listens on: what kill -9 leaves behind. (.NET unlinks a socket it bound when it is
        // disposed, so bind elsewhere and move the file into place first.)
        string elsewhere = directories.Paths.SocketPath + ".tmp";
        using (var dead = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            dead.Bind(new UnixDomainSocketEndPoint(elsewhere));
            File.Move(elsewhere, directories.Paths.SocketPath);
        }

        Assert.True(File.Exists(directories.Paths.SocketPath));
        await Assert.ThrowsAsync<DaemonNotRunningException>(() => DictationClient.For(directories.Paths).SendAsync("status"));

        await using var harness = await DaemonHarness.StartAsync(engine.Factory, directories);

        Assert.Equal("idle", (await harness.Client.SendAsync("status", TestContext.Current.CancellationToken)).Status!.State);
    }

    [Fact]
    public async Task Client_without_a_daemon_says_how_to_start_one()
    {
        using var directories = new TestDirectories();

        var error = await Assert.ThrowsAsync<DaemonNotRunningException>(() => DictationClient.For(directories.Paths).SendAsync("status"));

        Assert.Contains("voiceflow dictate daemon", error.Message, StringComparison.Ordinal);
        Assert.Contains(directories.Paths.SocketPath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_runtime_directory_is_a_clear_error()
    {
        var error = Assert.Throws<DictationException>(() => DictationPaths.FromEnvironment(_ => null));

        Assert.Contains("XDG_RUNTIME_DIR", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shutdown_answers_then_removes_the_socket_and_frees_the_lock()
    {
        var directories = new TestDirectories();
        await using (var harness = await DaemonHarness.StartAsync(engine.Factory, directories))
        {
            var answer = await harness.Client.SendAsync("shutdown", TestContext.Current.CancellationToken);
            Assert.Equal("shutting_down", answer.Action);
            await harness.Server.RunUntilShutdownAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            Assert.False(File.Exists(directories.Paths.SocketPath));
        }

        // The lock is free: a new daemon starts on the same folders.
        await using var next = await DaemonHarness.StartAsync(engine.Factory, directories);
        Assert.Equal("idle", (await next.Client.SendAsync("status", TestContext.Current.CancellationToken)).Status!.State);
    }
}
