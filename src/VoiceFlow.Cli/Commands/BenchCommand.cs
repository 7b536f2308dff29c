using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using VoiceFlow.Cli.Configuration;
using VoiceFlow.Evaluation.Benchmarking;

namespace VoiceFlow.Cli.Commands;

/// <summary><c>voiceflow bench</c>: baseline against each optimization and all of them, on real speech.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var engineFlags = new EngineFlags();
        var corpus = new CorpusSelection(defaultLimit: 20);
        var runs = new Option<int>("--runs") { Description = "Timed runs per configuration.", DefaultValueFactory = _ => 3 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed warm-up runs.", DefaultValueFactory = _ => 1 };
        var concurrency = new Option<int>("--concurrency") { Description = "Callers in the concurrent pass (1: none).", DefaultValueFactory = _ => 2 };
        var quick = new Option<bool>("--quick") { Description = "Only baseline and all optimizations on (skip each optimization alone)." };
        var outputDir = new Option<string>("--output-dir") { Description = "Where the JSON and SVG results go.", DefaultValueFactory = _ => "bench-results" };

        var command = new Command("bench", "Measure every optimization against the baseline on the speech corpus (speed factor, time per transcription, stages).");
        engineFlags.AddTo(command);
        corpus.AddTo(command);
        command.Options.Add(runs);
        command.Options.Add(warmup);
        command.Options.Add(concurrency);
        command.Options.Add(quick);
        command.Options.Add(outputDir);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new BenchSettings(parse.GetValue(runs), parse.GetValue(warmup), parse.GetValue(concurrency), !parse.GetValue(quick));
            if (settings.Runs < 1 || settings.WarmupRuns < 0 || settings.Concurrency < 1)
            {
                throw new Core.Errors.ConfigurationException("--runs must be at least 1, --warmup at least 0 and --concurrency at least 1");
            }

            var config = ConfigurationFlags.Resolve(parse, engineFlags.Overrides(parse));
            using var host = CliHost.Create(parse, config);
            var items = corpus.Load(parse, cancellationToken);
            var status = CliApplication.StatusOf(parse);
            await using var factory = await host.LoadEngineAsync(cancellationToken).ConfigureAwait(false);
            var progress = new Progress<string>(stage => status.WriteLine($"bench: {stage}"));
            var report = await OptimizationBenchmark.RunAsync(factory, config.Options, engineFlags.TranscriptionOptions(parse, host.Components.Decoding), items, settings, progress, cancellationToken).ConfigureAwait(false);

            Render(report, parse.InvocationConfiguration.Output);
            string folder = parse.GetValue(outputDir) ?? "bench-results";
            Directory.CreateDirectory(folder);
            string stem = Path.Combine(folder, "bench-" + report.Date.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
            await File.WriteAllTextAsync(stem + ".json", BenchReportWriter.ToJson(report), cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(stem + ".svg", BenchReportWriter.ToSvg(report), cancellationToken).ConfigureAwait(false);
            await status.WriteLineAsync($"bench: wrote {stem}.json and {stem}.svg").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static void Render(BenchReport report, TextWriter output)
    {
        var console = CliConsole.For(output);
        var c = CultureInfo.InvariantCulture;
        console.WriteLine(string.Create(c, $"{report.Engine} ({report.Model}); {report.Items} items, {report.AudioSeconds:0.0} s of speech; {report.Runs} runs after {report.WarmupRuns} warm-up; {report.Machine}"));
        var table = new Table().AddColumns("configuration", "avg speed", "median speed", "ms/transcription", "improvement", $"throughput x{report.Concurrency}", "vs baseline");
        var stageNames = report.Configurations.SelectMany(s => s.StageMeanMilliseconds.Keys).Distinct().ToList();
        foreach (var stage in stageNames)
        {
            table.AddColumn(stage + " ms");
        }

        foreach (var s in report.Configurations)
        {
            var row = new List<string>
            {
                s.Name,
                string.Create(c, $"{s.AverageSpeedFactor:0.00}x"),
                string.Create(c, $"{s.MedianSpeedFactor:0.00}x"),
                string.Create(c, $"{s.MedianMilliseconds:0.0}"),
                string.Create(c, $"{s.ImprovementPercent:+0.0;-0.0;0.0}%"),
                string.Create(c, $"{s.ConcurrentThroughput:0.00}x"),
                string.Create(c, $"{s.ConcurrentImprovementPercent:+0.0;-0.0;0.0}%"),
            };
            row.AddRange(stageNames.Select(n => s.StageMeanMilliseconds.TryGetValue(n, out double ms) ? string.Create(c, $"{ms:0.000}") : "-"));
            table.AddRow([.. row.Select(Markup.Escape)]);
        }

        console.Write(table);
    }
}
