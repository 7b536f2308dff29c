using VoiceFlow.Core.Processes;

namespace VoiceFlow.Core.Tests.Platform;

/// <summary>The one process runner: argument lists without a shell, environment, stdin, time bound, clear failures.</summary>
public class ExternalProcessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Arguments_reach_the_program_as_they_are_never_through_a_shell()
    {
        var request = new ExternalProcessRequest("printf", ["%s|", "two words", "$(echo injected)", "; rm -rf x"]);

        var result = await ExternalProcess.RunAsync(request, Ct);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("two words|$(echo injected)|; rm -rf x|", result.Output);
    }

    [Fact]
    public async Task Input_goes_to_stdin_and_environment_variables_to_the_child()
    {
        var echo = await ExternalProcess.RunAsync(new ExternalProcessRequest("cat", []) { Input = "ünïcode text\n" }, Ct);
        var env = await ExternalProcess.RunAsync(
            new ExternalProcessRequest("sh", ["-c", "printf %s \"$VOICEFLOW_PROCESS_TEST\""])
            {
                Environment = new Dictionary<string, string> { ["VOICEFLOW_PROCESS_TEST"] = "from the request" },
            },
            Ct);

        Assert.Equal("ünïcode text\n", echo.Output);
        Assert.Equal("from the request", env.Output);
    }

    [Fact]
    public async Task A_failing_program_is_a_result_with_its_first_error_line()
    {
        var result = await ExternalProcess.RunAsync(new ExternalProcessRequest("sh", ["-c", "echo; echo 'first problem' >&2; echo second >&2; exit 3"]), Ct);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("first problem", result.FirstErrorLine);
    }

    [Fact]
    public async Task A_missing_program_is_reported_as_not_started()
    {
        var error = await Assert.ThrowsAsync<ExternalProcessException>(
            () => ExternalProcess.RunAsync(new ExternalProcessRequest("voiceflow-no-such-program", []), Ct));

        Assert.Equal(ExternalProcessFailure.NotStarted, error.Failure);
        Assert.Contains("voiceflow-no-such-program", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_program_past_its_time_bound_is_killed_and_reported()
    {
        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAsync<ExternalProcessException>(
            () => ExternalProcess.RunAsync(new ExternalProcessRequest("sleep", ["30"]) { Timeout = TimeSpan.FromMilliseconds(200) }, Ct));

        Assert.Equal(ExternalProcessFailure.TimedOut, error.Failure);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(25), "the program was not killed at its time bound");
    }

    [Fact]
    public async Task Cancellation_kills_the_program()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => ExternalProcess.RunAsync(new ExternalProcessRequest("sleep", ["30"]), cancel.Token));
    }

    [Fact]
    public async Task A_forked_child_holding_the_pipes_does_not_hold_a_run_with_a_pipe_grace()
    {
        // Like xclip: the tool exits at once and leaves a child serving with our pipes open.
        var request = new ExternalProcessRequest("sh", ["-c", "echo served; sleep 30 & exit 0"]) { PipeGrace = TimeSpan.FromMilliseconds(200) };

        var result = await ExternalProcess.RunAsync(request, Ct);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("served\n", result.Output);
    }
}
