using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.PostProcessing;
using VoiceFlow.Evaluation.Text;
using VoiceFlow.Core.Transcription;

namespace VoiceFlow.Evaluation.Benchmarking;

/// <summary>One configuration's transcripts and accuracy.</summary>
/// <param name="Configuration">Configuration name.</param>
/// <param name="Errors">Word errors over the corpus.</param>
/// <param name="Transcripts">Item id → raw engine text.</param>
public sealed record QualityRun(string Configuration, WordErrorCounts Errors, IReadOnlyDictionary<string, string> Transcripts);

/// <summary>An item whose transcript under an optimized configuration differs from the baseline's.</summary>
public sealed record QualityDifference(string Configuration, string ItemId, string Baseline, string Optimized);

/// <summary>The outcome of <see cref="QualityCheck"/>.</summary>
public sealed record QualityReport(IReadOnlyList<QualityRun> Runs, IReadOnlyList<QualityDifference> Differences)
{
    /// <summary>True when every optimized transcript equals the baseline one, word for word.</summary>
    public bool Passed => Differences.Count == 0;
}

/// <summary>
/// The seed's "quality maintained" check made strict: the corpus is transcribed under the baseline and under
/// every optimized configuration; any transcript that differs from the baseline's is a failure (WER is reported
/// per configuration as well, against the reference texts).
/// </summary>
public static class QualityCheck
{
    public static async Task<QualityReport> RunAsync(
        ISpeechEngineFactory factory, VoiceFlowOptions options, TranscriptionOptions engineOptions, IReadOnlyList<BenchItem> items,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(items);
        var runs = new List<QualityRun>();
        foreach (var configuration in OptimizationConfigurations.All(options))
        {
            var transcripts = new Dictionary<string, string>();
            await using (var service = new TranscriptionService(factory, configuration.Options))
            {
                var job = new TranscriptionJobOptions { Engine = engineOptions, PostProcessing = PostProcessingOptions.None };
                for (int i = 0; i < items.Count; i++)
                {
                    var item = items[i];
                    // Per item, so a run of several minutes shows it is moving (and where it is).
                    progress?.Report($"{configuration.Name}: item {i + 1}/{items.Count} ({item.Id})");
                    var result = await service.TranscribeAsync(item.Samples, job with { SourceName = item.Id }, cancellationToken).ConfigureAwait(false);
                    transcripts[item.Id] = result.RawText;
                }
            }

            var errors = WordErrorRate.ComputeCorpus(items.Select(i => (i.ReferenceText, transcripts[i.Id])));
            runs.Add(new QualityRun(configuration.Name, errors, transcripts));
        }

        var baseline = runs[0];
        var differences = runs.Skip(1)
            .SelectMany(run => items
                .Where(item => !string.Equals(run.Transcripts[item.Id], baseline.Transcripts[item.Id], StringComparison.Ordinal))
                .Select(item => new QualityDifference(run.Configuration, item.Id, baseline.Transcripts[item.Id], run.Transcripts[item.Id])))
            .ToList();
        return new QualityReport(runs, differences);
    }
}
