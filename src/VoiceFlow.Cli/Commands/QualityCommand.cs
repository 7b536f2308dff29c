using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using VoiceFlow.Cli.Configuration;
using VoiceFlow.Evaluation.Benchmarking;

namespace VoiceFlow.Cli.Commands;

/// <summary><c>voiceflow quality</c>: optimizations must never change a transcript.</summary>
internal static class QualityCommand
{
    public static Command Create()
    {
        var engineFlags = new EngineFlags();
        var corpus = new CorpusSelection(defaultLimit: 40);
        var command = new Command("quality", "Transcribe the corpus with the baseline and with every optimization; report WER and fail if any transcript differs.");
        engineFlags.AddTo(command);
        corpus.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var config = ConfigurationFlags.Resolve(parse, engineFlags.Overrides(parse));
            using var host = CliHost.Create(parse, config);
            var items = corpus.Load(parse, cancellationToken);
            var status = CliApplication.StatusOf(parse);
            await using var factory = await host.LoadEngineAsync(cancellationToken).ConfigureAwait(false);
            var progress = new Progress<string>(name => status.WriteLine($"quality: {name}"));
            var report = await QualityCheck.RunAsync(factory, config.Options, engineFlags.TranscriptionOptions(parse, host.Components.Decoding), items, progress, cancellationToken).ConfigureAwait(false);

            var output = parse.InvocationConfiguration.Output;
            var console = CliConsole.For(output);
            var c = CultureInfo.InvariantCulture;
            var table = new Table().AddColumns("configuration", "WER", "substitutions", "deletions", "insertions", "reference words", "differs from baseline");
            foreach (var run in report.Runs)
            {
                int differing = report.Differences.Count(d => d.Configuration == run.Configuration);
                table.AddRow(run.Configuration, string.Create(c, $"{run.Errors.Rate * 100:0.00}%"), run.Errors.Substitutions.ToString(c),
                    run.Errors.Deletions.ToString(c), run.Errors.Insertions.ToString(c), run.Errors.ReferenceWords.ToString(c), differing.ToString(c));
            }

            console.WriteLine($"{factory.EngineName} ({factory.ModelName}); {items.Count} items");
            console.Write(table);
            foreach (var difference in report.Differences)
            {
                output.WriteLine($"DIFFERS {difference.Configuration} {difference.ItemId}: baseline \"{difference.Baseline}\" vs \"{difference.Optimized}\"");
            }

            output.WriteLine(report.Passed
                ? "quality: PASS: every optimized transcript equals the baseline transcript"
                : $"quality: FAIL: {report.Differences.Count} transcript(s) differ from the baseline");
            return report.Passed ? 0 : 1;
        });
        return command;
    }
}
