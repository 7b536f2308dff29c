using System.Diagnostics;
using VoiceFlow.Cli;
using VoiceFlow.Dictation.Tests.Support;
using Client = VoiceFlow.DictateClient.Program;

namespace VoiceFlow.Dictation.Tests;

/// <summary>
/// voiceflow-dictate, the native client a shortcut runs: the same output, errors and exit codes as
/// <c>voiceflow dictate ...</c> — in-process (its code), and as the published native binary when it has been built.
/// </summary>
public sealed class FastClientTests(EngineFixture engine)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_a_daemon_or_a_runtime_folder_it_fails_as_the_cli_does()
    {
        using var directories = new TestDirectories();
        await AssertSameAsync(directories.Environment(), "toggle");
        await AssertSameAsync(new Dictionary<string, string> { ["HOME"] = Path.GetTempPath() }, "status");
    }

    [Fact]
    public async Task Status_begin_end_and_their_errors_print_what_the_cli_prints()
    {
        await using var harness = await DaemonHarness.StartHealthyAsync(engine.Factory);
        var environment = harness.Directories.Environment();
        await AssertSameAsync(environment, "status");
        await AssertSameAsync(environment, "end");
        await AssertSameAsync(environment, "cancel", "--json");

        var (code, began, _) = await RunClientAsync(environment, "begin");
        Assert.Equal((0, ""), (code, began));
        await AssertSameAsync(environment, "begin");
        var sentence = Speech.Sentence(Speech.Second);
        harness.Capture.Play(sentence.Samples);
        await Task.Delay(sentence.Duration + TimeSpan.FromMilliseconds(100), Ct);

        var ended = await RunClientAsync(environment, "end");

        Assert.Equal(0, ended.Code);
        Assert.Equal(harness.Output.Delivered.Single() + Environment.NewLine, ended.Output);
        Assert.Equal("", ended.Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("shutdown")]
    [InlineData("status --verbose")]
    [InlineData("end --json --json")]
    public async Task A_command_line_it_does_not_take_is_a_usage_error(string commandLine)
    {
        var (code, output, error) = await RunClientAsync(new Dictionary<string, string>(), commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("usage: voiceflow-dictate begin|end|toggle|cancel|status [--json]", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_published_native_binary_answers_as_the_cli_does()
    {
        string binary = PublishedBinary();
        await using var harness = await DaemonHarness.StartHealthyAsync(engine.Factory);
        var environment = harness.Directories.Environment();

        foreach (string[] args in new[] { new[] { "status" }, ["status", "--json"], ["end"], ["bogus"] })
        {
            var native = await RunNativeAsync(binary, environment, args);
            var managed = await RunClientAsync(environment, args);
            Assert.Equal(managed, native);
        }

        using var empty = new TestDirectories();
        Assert.Equal(await RunCliAsync(empty.Environment(), "status"), await RunNativeAsync(binary, empty.Environment(), ["status"]));
    }

    /// <summary>The client and <c>voiceflow dictate</c> give the same exit code, output and errors.</summary>
    private static async Task AssertSameAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var cli = await RunCliAsync(environment, args);
        var client = await RunClientAsync(environment, args);
        Assert.Equal(cli, client);
    }

    private static async Task<(int Code, string Output, string Error)> RunCliAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await CliApplication.RunAsync(["dictate", .. args], output, error, environment);
        return (code, output.ToString(), error.ToString());
    }

    private static async Task<(int Code, string Output, string Error)> RunClientAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await Client.RunAsync(args, output, error, name => environment.TryGetValue(name, out string? value) ? value : null, Ct);
        return (code, output.ToString(), error.ToString());
    }

    private static async Task<(int Code, string Output, string Error)> RunNativeAsync(string binary, IReadOnlyDictionary<string, string> environment, string[] args)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>The binary scripts/test and the launcher publish; the test is skipped, saying how to build it, when it is absent.</summary>
    private static string PublishedBinary()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "VoiceFlow.slnx")))
        {
            root = root.Parent ?? throw new InvalidOperationException("the repository root (VoiceFlow.slnx) is not above the test binaries");
        }

        string binary = Path.Combine(root.FullName, "src", "VoiceFlow.DictateClient", "bin", "Release", "net10.0", "linux-x64", "publish", "voiceflow-dictate");
        if (!File.Exists(binary))
        {
            Assert.Skip($"{binary} is not built: dotnet publish src/VoiceFlow.DictateClient -c Release -r linux-x64 (scripts/test does)");
        }

        return binary;
    }
}
