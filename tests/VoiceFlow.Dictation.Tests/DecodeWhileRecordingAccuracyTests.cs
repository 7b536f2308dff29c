using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Tests.Corpus;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Dictation.Tests.Support;
using VoiceFlow.Evaluation.Corpus;
using VoiceFlow.Evaluation.Text;

namespace VoiceFlow.Dictation.Tests;

/// <summary>Decoding while recording against decoding the whole recording, on the corpus's sentences: word error rates.</summary>
public sealed class DecodeWhileRecordingAccuracyTests(PrivateEngineFixture engine) : IClassFixture<PrivateEngineFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Decoding_while_recording_is_not_less_accurate_than_decoding_the_whole_recording()
    {
        var items = CorpusFixture.Get().OfKind(CorpusItemKind.Clean).ToList();
        await using var service = new TranscriptionService(engine.Factory, new VoiceFlowOptions());
        var job = new TranscriptionJobOptions();
        var whole = new List<(string, string)>();
        var streamed = new List<(string, string)>();
        int same = 0;
        foreach (var item in items)
        {
            float[] recording = [.. new float[12_800], .. item.LoadSamples(), .. new float[5_600]];
            string wholeText = (await service.TranscribeAsync(recording, job, Ct)).Text;
            using var stream = service.TryOpenStream(job.Engine) ?? throw new InvalidOperationException("no decoder free");
            for (int offset = 0; offset < recording.Length; offset += 320)
            {
                stream.Feed(recording.AsSpan(offset, Math.Min(320, recording.Length - offset)));
            }

            string streamedText = (await service.CompleteDecodedAsync(recording, stream.Finish(), job, Ct)).Text;
            whole.Add((item.ReferenceText, wholeText));
            streamed.Add((item.ReferenceText, streamedText));
            same += wholeText == streamedText ? 1 : 0;
        }

        var wholeWer = WordErrorRate.ComputeCorpus(whole);
        var streamedWer = WordErrorRate.ComputeCorpus(streamed);
        TestContext.Current.SendDiagnosticMessage($"{items.Count} sentences: WER whole {wholeWer.Rate:P2}, while recording {streamedWer.Rate:P2}; same text {same}");
        Assert.True(streamedWer.Errors <= wholeWer.Errors, $"while recording {streamedWer.Rate:P2}, whole {wholeWer.Rate:P2}");
    }
}
