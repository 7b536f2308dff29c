using System.Globalization;
using VoiceFlow.Evaluation.Corpus;
using VoiceFlow.Core.Tests.Corpus;
using VoiceFlow.Core.Vad;

namespace VoiceFlow.Core.Tests.Vad;

public class VadAccuracyTests
{
    /// <summary>Measured 2026-11-23 (docs/PERFORMANCE.md, "VAD accuracy"); a drop below these is a regression.</summary>
    private const double MinimumMeanAccuracy = 0.90;

    private const double MinimumItemAccuracy = 0.85;

    [Fact]
    public void Frame_accuracy_on_noisy_corpus_items_stays_above_the_recorded_floor()
    {
        var corpus = CorpusFixture.Get();
        var output = TestContext.Current.TestOutputHelper!;
        var scores = corpus.OfKind(CorpusItemKind.Noisy).Select(item => VadScore.Measure(corpus, item, new VadOptions())).ToList();
        output.WriteLine("| item | noise | SNR dB | frames | accuracy | speech recall | false alarms |");
        output.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var s in scores)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {s.Id} | {s.Noise} | {s.SnrDb:0} | {s.Frames} | {s.Accuracy:P1} | {s.SpeechRecall:P1} | {s.FalseAlarmRate:P1} |"));
        }

        foreach (var group in scores.GroupBy(s => s.SnrDb).OrderByDescending(g => g.Key))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"SNR {group.Key:0} dB: accuracy {Pooled(group, s => s.Correct, s => s.Frames):P1}, recall {Pooled(group, s => s.SpeechHits, s => s.SpeechFrames):P1}, false alarms {Pooled(group, s => s.FalseAlarms, s => s.SilenceFrames):P1}"));
        }

        double mean = Pooled(scores, s => s.Correct, s => s.Frames);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"all: accuracy {mean:P1} over {scores.Sum(s => s.Frames)} frames"));

        Assert.True(scores.Count >= 8);
        Assert.True(mean >= MinimumMeanAccuracy, $"pooled frame accuracy {mean:P1} < {MinimumMeanAccuracy:P0}");
        Assert.All(scores, s => Assert.True(s.Accuracy >= MinimumItemAccuracy, $"{s.Id}: {s.Accuracy:P1}"));
    }

    private static double Pooled(IEnumerable<VadScore> scores, Func<VadScore, int> part, Func<VadScore, int> whole) =>
        scores.Sum(part) / (double)Math.Max(1, scores.Sum(whole));
}
