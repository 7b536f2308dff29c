namespace VoiceFlow.Cli.Tests;

/// <summary>A command line that does not parse: one line on stderr naming the mistake and the help to read, exit code 2.</summary>
public class UsageErrorTests
{
    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await CliApplication.RunAsync(args, output, error, new Dictionary<string, string>());
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("voiceflow transcribe --help", "transcribe", "--format", "xml", "x.wav")]
    [InlineData("voiceflow --help", "transcrib", "x.wav")]
    [InlineData("voiceflow transcribe --help", "transcribe", "--fromat", "json", "x.wav")]
    [InlineData("voiceflow transcribe --help", "transcribe")]
    [InlineData("voiceflow models --help", "models", "dl")]
    public async Task A_usage_error_is_one_line_on_stderr_with_exit_code_2(string help, params string[] args)
    {
        var (exit, output, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("voiceflow: usage error: ", line, StringComparison.Ordinal);
        Assert.EndsWith($"(see '{help}')", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_itself_is_not_an_error()
    {
        var (exit, output, _) = await RunAsync("transcribe", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("--format", output, StringComparison.Ordinal);
    }
}
