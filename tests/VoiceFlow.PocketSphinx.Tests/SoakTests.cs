using VoiceFlow.Core.Configuration;
using VoiceFlow.Evaluation.Corpus;
using VoiceFlow.Core.Tests.Corpus;
using VoiceFlow.Core.Transcription;
using VoiceFlow.PocketSphinx.Tests.Support;
using VoiceFlow.Soak;

namespace VoiceFlow.PocketSphinx.Tests;

/// <summary>scripts/soak in miniature: dictations through the recorder and the service in one process.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class SoakTests
{
    [Fact]
    public async Task Twenty_dictations_leave_no_bleed_no_text_from_silence_and_a_flat_heap()
    {
        SpeechTestData.RequireAll();
        var corpus = CorpusFixture.Get();
        var sentences = corpus.OfKind(CorpusItemKind.Clean).OrderBy(i => i.DurationSeconds).Take(5)
            .Select(i => (i.LoadSamples(), i.ReferenceText)).ToList();
        var options = new VoiceFlowOptions();
        await using var factory = PocketSphinxEngineFactory.Load();
        await using var service = new TranscriptionService(factory, options);

        var report = await new SoakRunner(service, options, sentences).RunAsync(20, 10, null, TestContext.Current.CancellationToken);

        Assert.Equal(20, report.Dictations);
        Assert.Empty(report.Bleeds);
        Assert.Empty(report.TextFromSilence);
        // PocketSphinx is deterministic per utterance: the same audio must give the same words every time.
        Assert.Equal(0, report.ChangedTranscripts);
        Assert.Equal(2, report.Checkpoints.Count);
        long heapGrowth = report.Checkpoints[^1].ManagedHeapBytes - report.Checkpoints[0].ManagedHeapBytes;
        Assert.True(heapGrowth < 2 << 20, $"managed heap grew {heapGrowth} bytes over 10 dictations");
    }
}
