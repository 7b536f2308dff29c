using VoiceFlow.Tests.Shared;
using VoiceFlow.Evaluation.Corpus;

namespace VoiceFlow.Core.Tests.Corpus;

public class SpeechCorpusTests
{
    [Fact]
    public void Default_corpus_has_every_sentence_in_every_kind_of_item()
    {
        var corpus = CorpusFixture.Get();
        string[] sentences = [.. File.ReadAllLines(SpeechCorpus.DefaultSentencesPath()).Where(l => l.Trim().Length > 0 && !l.StartsWith('#'))];

        var clean = corpus.OfKind(CorpusItemKind.Clean).ToList();
        Assert.Equal(sentences.Length, clean.Count);
        Assert.Equal(sentences, clean.Select(i => i.ReferenceText));
        Assert.Equal(SpeechCorpus.DefaultVoices.Order(), clean.Select(i => i.Voice).Distinct().Order());
        Assert.True(corpus.OfKind(CorpusItemKind.Noisy).Count() >= 8);
        Assert.True(corpus.OfKind(CorpusItemKind.Long).Count() >= 2);
        Assert.All(corpus.Synthesized, item => Assert.True(File.Exists(item.Path), item.Path));
    }

    [Fact]
    public void Clean_items_hold_speech_of_the_stated_duration()
    {
        foreach (var item in CorpusFixture.Get().OfKind(CorpusItemKind.Clean))
        {
            float[] samples = item.LoadSamples();
            Assert.Equal(item.DurationSeconds, samples.Length / 16_000.0, 6);
            Assert.InRange(item.DurationSeconds, 0.8, 12);
            Assert.True(SpeechReference.ActiveSpeechRms(samples) > 0.01, $"{item.Id} is nearly silent");
        }
    }

    [Fact]
    public void Noisy_items_are_mixed_at_their_stated_snr()
    {
        var corpus = CorpusFixture.Get();
        foreach (var noisy in corpus.OfKind(CorpusItemKind.Noisy))
        {
            float[] clean = corpus[noisy.SourceId!].LoadSamples();
            float[] mix = noisy.LoadSamples();
            Assert.Equal(clean.Length + 2 * noisy.PaddingSamples, mix.Length);
            Assert.Equal(noisy.DurationSeconds, mix.Length / 16_000.0, 6);

            // Least-squares speech gain inside the mix, then what is left over is the noise.
            var speechPart = mix.AsSpan(noisy.PaddingSamples, clean.Length);
            double dot = 0, energy = 0;
            for (int i = 0; i < clean.Length; i++)
            {
                dot += (double)speechPart[i] * clean[i];
                energy += (double)clean[i] * clean[i];
            }

            double gain = dot / energy;
            double noiseEnergy = 0;
            for (int i = 0; i < mix.Length; i++)
            {
                int c = i - noisy.PaddingSamples;
                double speech = c >= 0 && c < clean.Length ? gain * clean[c] : 0;
                noiseEnergy += (mix[i] - speech) * (mix[i] - speech);
            }

            double snr = 20 * Math.Log10(gain * SpeechReference.ActiveSpeechRms(clean) / Math.Sqrt(noiseEnergy / mix.Length));
            Assert.InRange(snr, noisy.SnrDb!.Value - 1, noisy.SnrDb.Value + 1);
        }
    }

    [Fact]
    public void Long_items_last_30_to_60_seconds_and_their_spans_match_the_sentences()
    {
        var corpus = CorpusFixture.Get();
        foreach (var item in corpus.OfKind(CorpusItemKind.Long))
        {
            Assert.InRange(item.DurationSeconds, 30, 60);
            float[] samples = item.LoadSamples();
            Assert.Equal(string.Join(' ', item.Spans.Select(s => s.Text)), item.ReferenceText);
            long previousEnd = 0;
            foreach (var span in item.Spans)
            {
                Assert.True(span.StartSample >= previousEnd && span.EndSample > span.StartSample);
                var source = corpus.OfKind(CorpusItemKind.Clean).Single(c => c.ReferenceText == span.Text).LoadSamples();
                Assert.Equal(source, samples.AsSpan((int)span.StartSample, (int)(span.EndSample - span.StartSample)).ToArray());
                previousEnd = span.EndSample;
            }

            Assert.True(previousEnd < samples.Length);
            Assert.Equal(item.DurationSeconds, samples.Length / 16_000.0, 6);
        }
    }

    [Fact]
    public void Build_is_deterministic_cached_and_rebuilt_when_sentences_change()
    {
        CorpusFixture.SkipUnlessToolsInstalled();
        using var temp = new TempFolder();
        string sentences = temp.Write("sentences.txt", "# comment\nThe cat sat on the mat.\n\nOpen the window please.\nSee you at noon tomorrow.\n");

        var first = Build(temp, "a", sentences);
        var again = Build(temp, "a", sentences);
        var elsewhere = Build(temp, "b", sentences);

        Assert.True(first.WasBuilt);
        Assert.False(again.WasBuilt);
        Assert.Equal(4, first.Items.Count); // 3 clean + 1 noisy, too short for a long item
        Assert.Equal(first.Items.Select(i => i.Id), elsewhere.Items.Select(i => i.Id));
        foreach (var item in first.Items)
        {
            Assert.Equal(File.ReadAllBytes(item.Path), File.ReadAllBytes(elsewhere[item.Id].Path));
        }

        File.AppendAllText(sentences, "One more line.\n");
        var changed = Build(temp, "a", sentences);
        Assert.True(changed.WasBuilt);
        Assert.NotEqual(first.Hash, changed.Hash);
        Assert.Equal("One more line.", changed["s04-slt"].ReferenceText);
        Assert.Empty(Directory.GetDirectories(temp.Sub("a"), ".*"));
    }

    [Fact]
    public async Task Concurrent_builds_produce_one_complete_corpus()
    {
        CorpusFixture.SkipUnlessToolsInstalled();
        using var temp = new TempFolder();
        string sentences = temp.Write("sentences.txt", "Good morning everyone.\nThe bus is late again today.\n");

        var builds = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            Task.Run(() => Build(temp, "shared", sentences))));

        Assert.Single(builds, b => b.WasBuilt);
        Assert.All(builds, b => Assert.Equal(builds[0].Hash, b.Hash));
        Assert.All(builds.SelectMany(b => b.Items), i => Assert.True(new FileInfo(i.Path).Length > 1000));
    }

    [Fact]
    public void Missing_sentence_list_is_a_clear_error()
    {
        using var temp = new TempFolder();
        var error = Assert.Throws<Errors.ConfigurationException>(() => Build(temp, "c", temp.Sub("nope.txt")));
        Assert.Contains("nope.txt", error.Message, StringComparison.Ordinal);
    }

    private static SpeechCorpus Build(TempFolder temp, string folder, string sentences) =>
        SpeechCorpus.EnsureBuilt(temp.Sub(folder), sentences, recordedDataDirectory: temp.Sub("none"), cancellationToken: TestContext.Current.CancellationToken);
}
