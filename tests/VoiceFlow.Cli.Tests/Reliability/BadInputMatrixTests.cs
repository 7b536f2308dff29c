using System.Text;
using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Errors;
using VoiceFlow.Evaluation.Text;
using VoiceFlow.Core.Tests;
using VoiceFlow.Tests.Shared;
using VoiceFlow.Whisper.Model;

namespace VoiceFlow.Cli.Tests.Reliability;

/// <summary>Tests that measure process-wide allocations or time single runs: never beside other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReliabilityCollection
{
    public const string Name = "reliability (measures allocations)";
}

/// <summary>
/// The bad-input matrix (see docs/RELIABILITY.md) through the real CLI: every valid or repairable WAV is
/// transcribed, every bad WAV or model file is refused with one line naming the file and the cause and the
/// documented exit code, each within <see cref="CliRun.TimeBound"/>, without allocating from a header's claim.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class BadInputMatrixTests
{
    /// <summary>A lying header may cost fixed buffers and the real content, never its claim (GBs).</summary>
    private const long AllocationBound = 64L << 20;

    /// <summary>Word error rate a valid variant may have against what is said.</summary>
    private const double MaxWordErrorRate = 0.2;

    /// <summary>The model the ggml cases are made from: small (3 MB) and holds f32, f16 and q4_0 tensors.</summary>
    private const string ModelFixture = "fixtures/whisper/models/ggml-random-test-s64-q4_0.bin";

    private static string HelloWav => Path.Combine(SharedFolder.RepositoryRoot, "samples", "hello.wav");
    [Fact]
    public async Task Every_valid_or_repairable_wav_case_is_transcribed_like_the_original()
    {
        using var folder = new TempFolder();
        var cases = (await WriteWavMatrixAsync(folder.Path)).Where(c => c.IsValid).ToList();
        string transcripts = Directory.CreateDirectory(folder.Sub("out")).FullName;

        // One run for all of them (the engine loads once); the lying headers among them claim terabytes in all.
        var outcome = await CliRun.InProcessAsync(CliRun.TimeBound * cases.Count, ["transcribe", "--engine", "pocketsphinx", "--set", "max_file_audio_seconds=3600", "--output", transcripts, .. cases.Select(c => c.Path)]);

        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.True(outcome.Elapsed < CliRun.TimeBound * cases.Count, $"took {outcome.Elapsed}");
        Assert.True(outcome.AllocatedBytes < 4 * AllocationBound, $"allocated {outcome.AllocatedBytes:N0} bytes for {cases.Count} files");
        var failures = new List<string>();
        foreach (var c in cases)
        {
            string text = await File.ReadAllTextAsync(Path.Combine(transcripts, c.Name + ".txt"), TestContext.Current.CancellationToken);
            if (Judge(c, outcome with { Output = text, Elapsed = TimeSpan.Zero, AllocatedBytes = 0 }) is string failure)
                failures.Add(failure);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} cases failed:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task Every_bad_wav_case_is_refused_with_one_line_naming_the_file_and_the_cause()
    {
        // The engine does not matter (the audio is refused first) but is loaded first: the small Whisper model loads fastest.
        string model = SharedFolder.Require(ModelFixture);
        using var folder = new TempFolder();
        var cases = (await WriteWavMatrixAsync(folder.Path)).Where(c => !c.IsValid).ToList();

        var failures = new List<string>();
        foreach (var c in cases)
        {
            // Files have no default length limit: with one, a header claiming hours is refused by its declared length.
            var outcome = await CliRun.InProcessAsync("transcribe", "--engine", "whisper", "--model", model, "--set", "max_file_audio_seconds=3600", c.Path);
            if (Judge(c, outcome) is string failure)
                failures.Add(failure);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} cases failed:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task A_ten_hour_file_is_refused_by_its_size_before_anything_is_allocated()
    {
        using var folder = new TempFolder();
        var c = WavMatrix.WriteTenHourSparseFile(folder.Path);

        var outcome = await CliRun.InProcessAsync("transcribe", "--engine", "pocketsphinx", "--set", "max_file_audio_seconds=3600", c.Path);

        Assert.Null(Judge(c, outcome));
    }

    [Fact]
    public async Task Every_structural_model_defect_is_refused_with_its_cause()
    {
        string fixture = SharedFolder.Require(ModelFixture);
        using var folder = new TempFolder();
        var cases = GgmlMatrix.Write(folder.Path, await File.ReadAllBytesAsync(fixture, TestContext.Current.CancellationToken));

        var failures = new List<string>();
        foreach (var c in cases)
        {
            var outcome = await CliRun.InProcessAsync(WhisperArgs(c.Path));
            if (Judge(c, outcome) is string failure)
                failures.Add(failure);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} cases failed:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task A_model_cut_at_every_section_boundary_is_refused_naming_the_section()
    {
        string fixture = SharedFolder.Require(ModelFixture);
        using var folder = new TempFolder();
        byte[] model = await File.ReadAllBytesAsync(fixture, TestContext.Current.CancellationToken);
        var cuts = GgmlMatrix.Truncations(GgmlMatrix.Walk(model));
        string path = folder.Sub("cut.bin");
        await File.WriteAllBytesAsync(path, model, TestContext.Current.CancellationToken);
        WhisperModel.Load(path).Dispose();

        // Through the loader the CLI calls (WhisperModel.Load), not the whole CLI: 400 cuts must stay quick.
        var failures = new List<string>();
        foreach (var (length, cause) in cuts)
        {
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
                file.SetLength(length);
            try
            {
                WhisperModel.Load(path).Dispose();
                failures.Add($"cut at {length}: loaded");
            }
            catch (ModelFormatException e) when (e.Message.Contains(cause, StringComparison.Ordinal) && e.Message.Contains(path, StringComparison.Ordinal))
            {
            }
            catch (Exception e)
            {
                failures.Add($"cut at {length}: {e.GetType().Name}: {e.Message} (expected \"{cause}\")");
            }
        }

        Assert.True(cuts.Count > 300, $"only {cuts.Count} cut points");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cuts.Count} cuts failed:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task As_a_child_process_bad_inputs_exit_with_the_documented_code_one_line_and_bounded_memory()
    {
        string fixture = SharedFolder.Require(ModelFixture);
        using var folder = new TempFolder();
        var wav = (await WriteWavMatrixAsync(folder.Path)).ToDictionary(c => c.Name);
        var ggml = GgmlMatrix.Write(folder.Path, await File.ReadAllBytesAsync(fixture, TestContext.Current.CancellationToken)).ToDictionary(c => c.Name);

        var runs = new List<(BadInputCase Case, string[] Args)>
        {
            (wav["data-size-4GB"], ["transcribe", "--engine", "pocketsphinx", wav["data-size-4GB"].Path]),
            (wav["zero-channels"], ["transcribe", "--engine", "pocketsphinx", wav["zero-channels"].Path]),
            (wav["zip-renamed"], ["transcribe", "--engine", "pocketsphinx", wav["zip-renamed"].Path]),
            (WavMatrix.WriteTenHourSparseFile(folder.Path), ["transcribe", "--engine", "pocketsphinx", "--set", "max_file_audio_seconds=3600", Path.Combine(folder.Path, "ten-hours-real-size.wav")]),
            (ggml["vocabulary-count-int-max"], WhisperArgs(ggml["vocabulary-count-int-max"].Path)),
            (ggml["tensor-size-overflows-64-bits"], WhisperArgs(ggml["tensor-size-overflows-64-bits"].Path)),
        };
        var failures = new List<string>();
        foreach (var (c, args) in runs)
        {
            var outcome = await CliRun.ChildAsync(args);
            if (Judge(c, outcome, CliRun.ChildTimeBound) is string failure)
                failures.Add(failure);
            // The runtime, the CLI and an engine fit in well under 400 MB; a claim of gigabytes would show.
            if (outcome.PeakRssKilobytes is 0 or > 400_000)
                failures.Add($"{c.Name}: peak RSS {outcome.PeakRssKilobytes} kB");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The WAV matrix made from <c>samples/hello.wav</c> and its transcript.</summary>
    internal static async Task<IReadOnlyList<BadInputCase>> WriteWavMatrixAsync(string folder)
    {
        string wav = Path.Combine(SharedFolder.RepositoryRoot, "samples", "hello.wav");
        var speech = await AudioFileLoader.LoadMono16kAsync(wav, cancellationToken: TestContext.Current.CancellationToken);
        string reference = await File.ReadAllTextAsync(Path.ChangeExtension(wav, ".txt"), TestContext.Current.CancellationToken);
        return WavMatrix.Write(folder, speech.Samples.ToArray(), reference.Trim());
    }

    private static string[] WhisperArgs(string model) =>
        ["transcribe", "--engine", "whisper", "--model", model, HelloWav, "--beam-size", "1", "--best-of", "1", "--no-fallback"];

    /// <summary>Null when <paramref name="outcome"/> is what <paramref name="c"/> requires, else why not.</summary>
    internal static string? Judge(BadInputCase c, CliOutcome outcome, TimeSpan? timeBound = null)
    {
        var problems = new StringBuilder();
        if (outcome.Elapsed > (timeBound ?? CliRun.TimeBound))
            problems.Append($" took {outcome.Elapsed.TotalSeconds:0.0} s;");
        if (outcome.ExitCode != c.ExitCode)
            problems.Append($" exit {outcome.ExitCode}, expected {c.ExitCode};");
        if (c.ClaimsMoreThanItHolds && outcome.AllocatedBytes > AllocationBound)
            problems.Append($" allocated {outcome.AllocatedBytes:N0} bytes;");
        if (outcome.Error.Contains("   at ", StringComparison.Ordinal))
            problems.Append(" printed a stack trace;");

        if (c.IsValid)
        {
            // PocketSphinx already gets one word of ten wrong on the original; a variant may cost one more.
            string text = outcome.Output.Trim();
            bool heard = c.Expect.Length == 0 ? text.Length == 0 : WordErrorRate.Compute(c.Expect, text).Rate <= MaxWordErrorRate;
            if (!heard)
                problems.Append($" transcript \"{text}\", expected \"{c.Expect}\";");
        }
        else
        {
            var lines = outcome.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (lines.Length != 1 || !lines[0].StartsWith("voiceflow: error: ", StringComparison.Ordinal))
                problems.Append(" stderr is not one \"voiceflow: error:\" line;");
            if (!outcome.Error.Contains(c.Expect, StringComparison.Ordinal))
                problems.Append($" error lacks \"{c.Expect}\";");
            if (!outcome.Error.Contains(c.Path, StringComparison.Ordinal))
                problems.Append(" error does not name the file;");
        }

        return problems.Length == 0 ? null : $"{c.Name}:{problems} stderr: {outcome.Error.Trim()}";
    }
}
