using System.Text.Json;
using VoiceFlow.Tests.Shared;

namespace VoiceFlow.Cli.Tests;

public class TranscribeCommandTests
{
    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await CliApplication.RunAsync(args, output, error, new Dictionary<string, string>());
        return (exit, output.ToString(), error.ToString());
    }

    private static int[] TokenIds(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("segments").EnumerateArray()
            .SelectMany(s => s.TryGetProperty("tokens", out var tokens) ? tokens.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Select(t => t.GetProperty("id").GetInt32())];
    }

    private static int[] ReferenceTokenIds(string tag)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(SharedFolder.Require($"fixtures/whisper/ref/out/{tag}.tokens.json")));
        return [.. document.RootElement.GetProperty("all_token_ids").EnumerateArray().Select(e => e.GetInt32())];
    }

    [Theory]
    [InlineData("ggml-random-tiny.en-f16.bin", "tiny_10s_ts_t1_nfa", false)]
    [InlineData("ggml-random-test-s64-f32.bin", "test_10s_nt_t1_nfa", true)]
    public async Task Transcribe_with_whisper_reproduces_whisper_cpp_reference_tokens(string model, string tag, bool noTimestamps)
    {
        string modelPath = SharedFolder.Require($"fixtures/whisper/models/{model}");
        string audio = SharedFolder.Require("fixtures/whisper/audio/speech10_16k.wav");
        string[] args = ["transcribe", "--engine", "whisper", "--model", modelPath, audio, "--format", "json", "--beam-size", "1", "--best-of", "1", "--no-fallback"];

        var (exit, output, error) = await RunAsync(noTimestamps ? [.. args, "--no-timestamps"] : args);

        Assert.True(exit == 0, error);
        Assert.Equal(ReferenceTokenIds(tag), TokenIds(output));
        using var document = JsonDocument.Parse(output);
        Assert.Equal("whisper", document.RootElement.GetProperty("engine").GetString());
        Assert.True(document.RootElement.GetProperty("speed_factor").GetDouble() > 0);
    }

    [Fact]
    public async Task Word_level_subtitles_give_each_aligned_word_its_own_cue_at_its_own_time()
    {
        string model = SharedFolder.Require("fixtures/whisper/models/ggml-random-tiny.en-f16.bin");
        string audio = SharedFolder.Require("fixtures/whisper/audio/speech10_16k.wav");
        string[] args = ["transcribe", "--engine", "whisper", "--model", model, audio, "--beam-size", "1", "--best-of", "1", "--no-fallback", "--word-timestamps", "--raw"];

        var (jsonExit, json, jsonError) = await RunAsync([.. args, "--format", "json"]);
        var (srtExit, srt, srtError) = await RunAsync([.. args, "--format", "srt", "--max-words-per-cue", "1"]);

        Assert.True(jsonExit == 0, jsonError);
        Assert.True(srtExit == 0, srtError);
        using var document = JsonDocument.Parse(json);
        var words = document.RootElement.GetProperty("segments").EnumerateArray()
            .SelectMany(s => s.GetProperty("words").EnumerateArray())
            .Select(w => (Text: w.GetProperty("word").GetString()!.Trim(), Start: w.GetProperty("start").GetDouble()))
            .ToList();
        var cues = srt.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(c => c.Split('\n')).ToList();
        // Random weights say little: two words on this file, enough to see each in its own cue at its own time.
        Assert.True(words.Count >= 2, $"{words.Count} words");
        Assert.Equal(words.Count, cues.Count);
        for (int i = 0; i < cues.Count; i++)
        {
            Assert.Equal(words[i].Text, cues[i][2]);
            var start = TimeSpan.ParseExact(cues[i][1][..12], @"hh\:mm\:ss\,fff", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(words[i].Start, start.TotalSeconds, 3);
        }
    }

    [Fact]
    public async Task Transcribe_with_pocketsphinx_prints_the_sample_sentence()
    {
        string sample = Path.Combine(SharedFolder.RepositoryRoot, "samples", "hello.wav");

        var (exit, output, error) = await RunAsync("transcribe", "--engine", "pocketsphinx", sample);

        Assert.True(exit == 0, error);
        Assert.Contains("office before noon tomorrow", output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("x realtime", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quiet_prints_the_transcript_but_no_status_line_and_still_reports_errors()
    {
        string sample = Path.Combine(SharedFolder.RepositoryRoot, "samples", "hello.wav");

        var (exit, output, error) = await RunAsync("--quiet", "transcribe", "--engine", "pocketsphinx", sample);
        Assert.True(exit == 0, error);
        Assert.Contains("office before noon tomorrow", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("x realtime", error, StringComparison.Ordinal);

        var (failed, _, failure) = await RunAsync("-q", "transcribe", "--engine", "pocketsphinx", "/nonexistent/audio.wav");
        Assert.NotEqual(0, failed);
        Assert.Contains("/nonexistent/audio.wav", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_a_one_line_error_with_a_non_zero_exit()
    {
        var (exit, _, error) = await RunAsync("transcribe", "--engine", "pocketsphinx", "/nonexistent/audio.wav");

        Assert.NotEqual(0, exit);
        Assert.Contains("/nonexistent/audio.wav", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_audio_file_is_rejected_naming_the_cause()
    {
        string path = Path.Combine(Path.GetTempPath(), $"vf-not-audio-{Guid.NewGuid():N}.wav");
        await File.WriteAllTextAsync(path, "this is not a wave file at all, just text pretending to be audio");
        try
        {
            var (exit, _, error) = await RunAsync("transcribe", "--engine", "pocketsphinx", path);

            Assert.NotEqual(0, exit);
            Assert.Contains(path, error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Several_files_write_one_transcript_each_into_the_output_folder()
    {
        string sample = Path.Combine(SharedFolder.RepositoryRoot, "samples", "hello.wav");
        string folder = Path.Combine(Path.GetTempPath(), $"vf-out-{Guid.NewGuid():N}");
        string copy = Path.Combine(Path.GetTempPath(), $"vf-copy-{Guid.NewGuid():N}.wav");
        File.Copy(sample, copy);
        try
        {
            var (exit, _, error) = await RunAsync("transcribe", "--engine", "pocketsphinx", sample, copy, "--format", "srt", "--output", folder);

            Assert.True(exit == 0, error);
            var files = Directory.GetFiles(folder, "*.srt");
            Assert.Equal(2, files.Length);
            Assert.All(files, f => Assert.Contains("-->", File.ReadAllText(f), StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(copy);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
