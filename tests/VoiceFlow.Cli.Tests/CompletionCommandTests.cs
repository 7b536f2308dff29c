using System.Diagnostics;

namespace VoiceFlow.Cli.Tests;

/// <summary><c>voiceflow completion bash|zsh|fish</c>: scripts generated from the command tree that the shells accept and that complete.</summary>
public class CompletionCommandTests
{
    private static async Task<string> ScriptAsync(string shell)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await CliApplication.RunAsync(["completion", shell], output, error, new Dictionary<string, string>());
        Assert.True(exit == 0, error.ToString());
        return output.ToString();
    }

    /// <summary>What bash completes for <paramref name="words"/> (the last one being completed) with the script loaded.</summary>
    private static async Task<string[]> CompleteAsync(string script, params string[] words)
    {
        using var folder = new VoiceFlow.Tests.Shared.TempFolder();
        string file = folder.Write("voiceflow.bash", script);
        string array = string.Join(' ', words.Select(w => $"'{w}'"));
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder.Path };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"source '{file}' && COMP_WORDS=({array}) && COMP_CWORD={words.Length - 1} && _voiceflow && printf '%s\\n' \"${{COMPREPLY[@]}}\"");
        using var bash = Process.Start(start)!;
        string stdout = await bash.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        string stderr = await bash.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await bash.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(bash.ExitCode == 0, stderr);
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task Bash_completes_commands_subcommands_flags_and_their_choices()
    {
        string script = await ScriptAsync("bash");

        Assert.Contains("transcribe", await CompleteAsync(script, "voiceflow", "tr"));
        Assert.Contains("completion", await CompleteAsync(script, "voiceflow", "comp"));
        Assert.Contains("download", await CompleteAsync(script, "voiceflow", "models", "d"));
        Assert.Contains("--format", await CompleteAsync(script, "voiceflow", "transcribe", "--fo"));
        Assert.Contains("--verbose", await CompleteAsync(script, "voiceflow", "transcribe", "--verb"));
        Assert.Equal(["srt"], await CompleteAsync(script, "voiceflow", "transcribe", "--format", "s"));
    }

    [Theory]
    [InlineData("zsh", "bashcompinit")]
    [InlineData("fish", "complete -c voiceflow -n '__fish_seen_subcommand_from transcribe' -l format -x -a 'json srt txt vtt'")]
    public async Task Zsh_and_fish_scripts_cover_the_same_tree(string shell, string expected)
    {
        string script = await ScriptAsync(shell);

        Assert.Contains(expected, script, StringComparison.Ordinal);
        Assert.Contains("transcribe", script, StringComparison.Ordinal);
    }
}
