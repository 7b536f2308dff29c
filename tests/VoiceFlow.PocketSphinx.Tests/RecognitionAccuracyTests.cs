using VoiceFlow.Evaluation.Text;
using VoiceFlow.PocketSphinx.Tests.Support;

namespace VoiceFlow.PocketSphinx.Tests;

/// <summary>Real read speech against Debian's own recogniser on the same files and model.</summary>
public class RecognitionAccuracyTests(EngineFixture engine)
{
    [Fact]
    public async Task Librivox_word_error_rate_is_no_worse_than_pocketsphinx_batch()
    {
        SpeechTestData.RequireAll();
        if (!PocketSphinxBatch.IsInstalled())
        {
            Assert.Skip("pocketsphinx_batch not found: apt-get install pocketsphinx");
        }

        var ct = TestContext.Current.CancellationToken;
        var corpus = SpeechTestData.Librivox();
        var model = PocketSphinxOptions.DefaultModelDirectory;
        var batchRun = PocketSphinxBatch.RunAsync(corpus, ["-lm", Path.Combine(model, "en-us.lm.bin")], ct);

        var ours = new List<(string Reference, string Hypothesis)>();
        foreach (var utterance in corpus)
        {
            ours.Add((utterance.Reference, await engine.TranscribeAsync(utterance.Samples(), ct)));
        }

        var batch = await batchRun;
        var oursWer = WordErrorRate.ComputeCorpus(ours);
        var batchWer = WordErrorRate.ComputeCorpus(corpus.Select(u => (u.Reference, batch[u.Id])));

        TestContext.Current.SendDiagnosticMessage($"WER engine {oursWer.Rate:P1} ({oursWer}), pocketsphinx_batch {batchWer.Rate:P1} ({batchWer})");
        Assert.Equal(batchWer.ReferenceWords, oursWer.ReferenceWords);
        Assert.True(oursWer.Errors <= batchWer.Errors, $"engine {oursWer} is worse than pocketsphinx_batch {batchWer}");
        Assert.True(oursWer.Rate < 0.35, $"WER {oursWer.Rate:P1} is implausibly high for this corpus");
    }

    [Fact]
    public async Task Jsgf_grammar_recognises_the_card_corpus_like_pocketsphinx_batch()
    {
        SpeechTestData.RequireAll();
        var ct = TestContext.Current.CancellationToken;
        var corpus = SpeechTestData.Cards();
        var grammar = Path.Combine(SpeechTestData.CardsDirectory, "cards.gram");
        using var dictionary = new SmallDictionary(SmallDictionary.GrammarWords(grammar));
        await using var factory = PocketSphinxEngineFactory.Load(new PocketSphinxOptions { GrammarPath = grammar, DictionaryPath = dictionary.Path });
        await using var processor = factory.CreateBuilder().Build();

        var ours = new List<(string Reference, string Hypothesis)>();
        foreach (var utterance in corpus)
        {
            ours.Add((utterance.Reference, await EngineFixture.TranscribeAsync(processor, utterance.Samples(), ct)));
        }

        var oursWer = WordErrorRate.ComputeCorpus(ours);
        if (PocketSphinxBatch.IsInstalled())
        {
            var batch = await PocketSphinxBatch.RunAsync(corpus, ["-jsgf", grammar], ct);
            var batchWer = WordErrorRate.ComputeCorpus(corpus.Select(u => (u.Reference, batch[u.Id])));
            Assert.True(oursWer.Errors <= batchWer.Errors, $"engine {oursWer} is worse than pocketsphinx_batch {batchWer}");
        }

        Assert.True(oursWer.Rate <= 0.1, $"grammar WER {oursWer.Rate:P1}: {string.Join(" | ", ours.Select(o => o.Hypothesis))}");
    }
}
