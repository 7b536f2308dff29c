using Microsoft.Extensions.AI;
using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Evaluation.Corpus;
using VoiceFlow.Core.Tests.Corpus;
using VoiceFlow.Evaluation.Text;
using VoiceFlow.Core.Transcription;
using VoiceFlow.PocketSphinx;

namespace VoiceFlow.Extensions.AI.Tests;

/// <summary>The Microsoft.Extensions.AI client over the PocketSphinx engine, fed corpus WAV streams.</summary>
public sealed class SpeechToTextClientTests
{
    private const double MaxWordErrorRate = 0.35;

    [Fact]
    public async Task GetTextAsync_transcribes_a_corpus_wav_stream()
    {
        var item = Sentences().First();
        await using var factory = PocketSphinxEngineFactory.Load();
        var options = new VoiceFlowOptions { Engine = "pocketsphinx" };
        await using var service = new TranscriptionService(factory, options);
        using ISpeechToTextClient client = new VoiceFlowSpeechToTextClient(service, options);

        await using var stream = File.OpenRead(item.Path);
        var response = await client.GetTextAsync(stream, new SpeechToTextOptions { SpeechLanguage = "en-US" }, TestContext.Current.CancellationToken);

        Assert.InRange(WordErrorRate.Compute(item.ReferenceText, response.Text).Rate, 0, MaxWordErrorRate);
        Assert.Equal("pocketsphinx", response.ModelId);
        Assert.True(response.EndTime > response.StartTime);
        Assert.IsType<TranscriptionResult>(response.RawRepresentation);
        Assert.Equal("voiceflow", client.GetService<SpeechToTextClientMetadata>()?.ProviderName);
    }

    [Fact]
    public async Task GetStreamingTextAsync_yields_each_stretch_of_speech_in_order_between_open_and_close()
    {
        var items = Sentences().Take(2).ToList();
        await using var factory = PocketSphinxEngineFactory.Load();
        var options = new VoiceFlowOptions { Engine = "pocketsphinx" };
        await using var service = new TranscriptionService(factory, options);
        using ISpeechToTextClient client = new VoiceFlowSpeechToTextClient(service, options);
        using var twoSentences = new MemoryStream();
        WavWriter.Write(twoSentences, [.. items[0].LoadSamples(), .. new float[16_000], .. items[1].LoadSamples()], 16_000);
        twoSentences.Position = 0;

        var updates = new List<SpeechToTextResponseUpdate>();
        await foreach (var update in client.GetStreamingTextAsync(twoSentences, cancellationToken: TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        Assert.Equal(SpeechToTextResponseUpdateKind.SessionOpen, updates[0].Kind);
        Assert.Equal(SpeechToTextResponseUpdateKind.SessionClose, updates[^1].Kind);
        var texts = updates.Where(u => u.Kind == SpeechToTextResponseUpdateKind.TextUpdated).ToList();
        Assert.True(texts.Count >= 2, $"expected one update per sentence, got {texts.Count}");
        Assert.All(texts.Zip(texts.Skip(1)), pair => Assert.True(pair.Second.StartTime >= pair.First.EndTime));
        string joined = string.Join(' ', texts.Select(t => t.Text));
        Assert.InRange(WordErrorRate.Compute(items[0].ReferenceText + " " + items[1].ReferenceText, joined).Rate, 0, MaxWordErrorRate);
        Assert.Single(updates.Select(u => u.ResponseId).Distinct());
    }

    private static IEnumerable<CorpusItem> Sentences() =>
        CorpusFixture.Get().OfKind(CorpusItemKind.Clean).DistinctBy(i => i.ReferenceText);
}
