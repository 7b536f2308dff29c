using VoiceFlow.Cli;
using VoiceFlow.Dictation.Tests.Support;

namespace VoiceFlow.Dictation.Tests;

/// <summary><c>voiceflow dictate ...</c> run in-process against a daemon in this process.</summary>
public sealed class CliCommandTests(EngineFixture engine)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_a_daemon_the_client_exits_10_and_says_how_to_start_one()
    {
        using var directories = new TestDirectories();

        var (code, output, error) = await RunAsync(directories, "dictate", "toggle");

        Assert.Equal(10, code);
        Assert.Equal("", output);
        Assert.Contains("no dictation daemon is running", error, StringComparison.Ordinal);
        Assert.Contains("start one with `voiceflow dictate daemon`", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_runtime_directory_the_client_exits_11_naming_the_variable()
    {
        var (code, _, error) = await RunAsync(new Dictionary<string, string> { ["HOME"] = Path.GetTempPath() }, "dictate", "status");

        Assert.Equal(11, code);
        Assert.Contains("XDG_RUNTIME_DIR is not set", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_daemon_that_should_type_without_a_graphical_session_stops_at_start_saying_why()
    {
        using var directories = new TestDirectories();

        var (code, _, error) = await RunAsync(directories, "dictate", "daemon", "--output", "type");

        Assert.Equal(8, code);
        Assert.Contains("output 'type' needs a graphical session", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => line.StartsWith("voiceflow: error:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_begin_and_end_print_what_the_daemon_answered()
    {
        await using var harness = await DaemonHarness.StartAsync(engine.Factory);
        var sentence = Speech.Sentence(Speech.Second);

        var (code, status, _) = await RunAsync(harness.Directories, "dictate", "status");
        Assert.Equal(0, code);
        Assert.Contains($"state: idle (pid {Environment.ProcessId})", status, StringComparison.Ordinal);
        Assert.Contains("engine: pocketsphinx", status, StringComparison.Ordinal);
        Assert.Contains("capture: paced", status, StringComparison.Ordinal);

        var (beginCode, began, _) = await RunAsync(harness.Directories, "dictate", "begin", "--json");
        Assert.Equal(0, beginCode);
        Assert.StartsWith("{\"ok\":true,\"action\":\"began\"", began, StringComparison.Ordinal);

        harness.Capture.Play(sentence.Samples);
        await Task.Delay(sentence.Duration + TimeSpan.FromMilliseconds(100), Ct);
        var (endCode, text, _) = await RunAsync(harness.Directories, "dictate", "end");
        Assert.Equal(0, endCode);
        Speech.AssertRecognised(sentence, text);
        Assert.Equal(harness.Output.Delivered.Single(), text.TrimEnd('\n'));

        var (againCode, _, againError) = await RunAsync(harness.Directories, "dictate", "end");
        Assert.Equal(11, againCode);
        Assert.Contains("not recording", againError, StringComparison.Ordinal);
    }

    private static Task<(int Code, string Output, string Error)> RunAsync(TestDirectories directories, params string[] args) =>
        RunAsync(directories.Environment(), args);

    private static async Task<(int Code, string Output, string Error)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await CliApplication.RunAsync(args, output, error, environment);
        return (code, output.ToString(), error.ToString());
    }
}
