using System.Text.Json;

namespace VoiceFlow.Cli.Tests;

public class BenchAndQualityCommandTests
{
    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await CliApplication.RunAsync(args, output, error, new Dictionary<string, string>());
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Quality_passes_when_no_optimization_changes_a_transcript_and_reports_wer_per_configuration()
    {
        var (exit, output, error) = await RunAsync("quality", "--engine", "pocketsphinx", "--kinds", "clean", "recorded", "--limit", "6");

        Assert.True(exit == 0, output + error);
        foreach (string configuration in new[] { "baseline", "validation", "adaptive_access", "memory", "optimized" })
        {
            Assert.Contains(configuration, output, StringComparison.Ordinal);
        }

        Assert.Contains("quality: PASS", output, StringComparison.Ordinal);
        Assert.Matches(@"\d+\.\d\d%", output);
        // Progress per item on stderr, for every configuration.
        Assert.Contains("quality: baseline: item 1/", error, StringComparison.Ordinal);
        Assert.Matches(@"quality: optimized: item (\d+)/\1 ", error);
    }

    [Fact]
    public async Task Bench_prints_its_table_and_writes_json_and_an_svg_chart()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"vf-bench-{Guid.NewGuid():N}");
        try
        {
            var (exit, output, error) = await RunAsync(
                "bench", "--engine", "pocketsphinx", "--kinds", "clean", "--limit", "2", "--runs", "1", "--warmup", "0", "--quick", "--output-dir", folder);

            Assert.True(exit == 0, output + error);
            Assert.Contains("bench: run 1/1: baseline: item 2/2", error, StringComparison.Ordinal);
            Assert.Contains("baseline", output, StringComparison.Ordinal);
            Assert.Contains("optimized", output, StringComparison.Ordinal);
            string json = Assert.Single(Directory.GetFiles(folder, "bench-*.json"));
            string svg = Assert.Single(Directory.GetFiles(folder, "bench-*.svg"));
            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var configurations = report.RootElement.GetProperty("configurations").EnumerateArray().ToList();
            Assert.Equal(["baseline", "optimized"], configurations.Select(c => c.GetProperty("name").GetString()));
            Assert.All(configurations, c =>
            {
                Assert.Equal(2, c.GetProperty("transcriptions").GetInt32());
                Assert.True(c.GetProperty("median_speed_factor").GetDouble() > 0);
                Assert.True(c.GetProperty("stage_mean_milliseconds").GetProperty("recognise").GetDouble() > 0);
            });
            string chart = await File.ReadAllTextAsync(svg);
            Assert.StartsWith("<svg", chart, StringComparison.Ordinal);
            Assert.Contains("optimized", chart, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Bench_rejects_nonsense_settings_with_a_clear_error()
    {
        var (exit, _, error) = await RunAsync("bench", "--runs", "0");

        Assert.Equal(3, exit);
        Assert.Contains("--runs", error, StringComparison.Ordinal);
    }
}
