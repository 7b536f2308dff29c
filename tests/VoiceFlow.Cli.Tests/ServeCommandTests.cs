namespace VoiceFlow.Cli.Tests;

/// <summary><c>voiceflow serve</c> refuses unsafe settings before loading a model.</summary>
public sealed class ServeCommandTests
{
    private static readonly Dictionary<string, string> Environment = new(StringComparer.Ordinal)
    {
        ["HOME"] = Path.Combine(Path.GetTempPath(), "voiceflow-serve-tests-home"),
    };

    [Theory]
    [InlineData("http://0.0.0.0:8765")]
    [InlineData("http://192.0.2.10:8765")]
    public async Task A_non_loopback_address_without_an_api_key_exits_with_a_configuration_error(string url)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await CliApplication.RunAsync(["serve", "--urls", url, "--engine", "pocketsphinx"], output, error, Environment);

        Assert.Equal(3, code);
        Assert.Contains(url, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--api-key", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_api_key_that_is_too_short_is_refused_naming_the_rule()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await CliApplication.RunAsync(["serve", "--api-key", "abc"], output, error, Environment);

        Assert.Equal(3, code);
        Assert.Contains("8 to 256 characters", error.ToString(), StringComparison.Ordinal);
    }
}
