using System.Text.Json;
using VoiceFlow.Tests.Shared;

namespace VoiceFlow.Cli.Tests;

/// <summary>-o never loses output: folders keep relative paths, collisions and a shared file are refused before any work.</summary>
[Collection("Console")]
public class TranscribeOutputTests
{
    private static readonly string Sample = Path.Combine(SharedFolder.RepositoryRoot, "samples", "hello.wav");

    private static async Task<(int Exit, string Output, string Error)> RunInAsync(string folder, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = folder;
        try
        {
            var environment = new Dictionary<string, string> { ["VOICEFLOW_HISTORY_ENABLED"] = "false" };
            int exit = await CliApplication.RunAsync(["-q", "transcribe", "--engine", "pocketsphinx", .. args], output, error, environment);
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }

    private static TempFolder TwoFilesNamedAlike()
    {
        var folder = new TempFolder();
        Directory.CreateDirectory(folder.Sub("a"));
        Directory.CreateDirectory(folder.Sub("b"));
        File.Copy(Sample, folder.Sub("a/x.wav"));
        File.Copy(Sample, folder.Sub("b/x.wav"));
        return folder;
    }

    [Fact]
    public async Task Inputs_with_the_same_name_keep_their_relative_paths_in_the_output_folder()
    {
        using var folder = TwoFilesNamedAlike();

        var (exit, _, error) = await RunInAsync(folder.Path, "a/x.wav", "b/x.wav", "-o", "out");

        Assert.True(exit == 0, error);
        Assert.Contains("noon", File.ReadAllText(folder.Sub("out/a/x.txt")), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("noon", File.ReadAllText(folder.Sub("out/b/x.txt")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Two_inputs_that_would_land_on_one_output_are_refused_before_any_work()
    {
        using var folder = TwoFilesNamedAlike();

        var (exit, _, error) = await RunInAsync(folder.Path, folder.Sub("a/x.wav"), folder.Sub("b/x.wav"), "-o", "out");

        Assert.NotEqual(0, exit);
        Assert.Contains("would both be written to", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.Sub("out")));
    }

    [Fact]
    public async Task One_output_file_for_several_inputs_is_an_error_naming_the_fix()
    {
        using var folder = TwoFilesNamedAlike();

        var (exit, _, error) = await RunInAsync(folder.Path, "a/x.wav", "b/x.wav", "-o", "one.txt");

        Assert.NotEqual(0, exit);
        Assert.Contains("give a folder", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.Sub("one.txt")));
        Assert.False(File.Exists(folder.Sub("one.txt")));
    }

    [Fact]
    public async Task A_transcript_never_overwrites_an_input()
    {
        using var folder = new TempFolder();
        File.Copy(Sample, folder.Sub("talk.wav"));

        var (exit, _, error) = await RunInAsync(folder.Path, "talk.wav", "-o", "talk.wav");

        Assert.NotEqual(0, exit);
        Assert.Contains("would overwrite the input", error, StringComparison.Ordinal);
        Assert.Equal(new FileInfo(Sample).Length, new FileInfo(folder.Sub("talk.wav")).Length);
    }

    [Fact]
    public async Task Json_for_several_inputs_on_stdout_is_json_lines()
    {
        using var folder = TwoFilesNamedAlike();

        var (exit, output, error) = await RunInAsync(folder.Path, "a/x.wav", "b/x.wav", "--format", "json");

        Assert.True(exit == 0, error);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal(["a/x.wav", "b/x.wav"], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("file").GetString()));
    }

    [Fact]
    public async Task Text_for_several_inputs_on_stdout_names_each_file()
    {
        using var folder = TwoFilesNamedAlike();

        var (exit, output, error) = await RunInAsync(folder.Path, "a/x.wav", "b/x.wav");

        Assert.True(exit == 0, error);
        Assert.Contains("==> a/x.wav <==", output, StringComparison.Ordinal);
        Assert.Contains("==> b/x.wav <==", output, StringComparison.Ordinal);
    }
}
