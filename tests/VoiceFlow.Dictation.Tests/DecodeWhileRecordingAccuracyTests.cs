using VoiceFlow.Dictation.Tests.Support;
using VoiceFlow.Evaluation.Text;

namespace VoiceFlow.Dictation.Tests;

/// <summary>
/// Decoding while recording (one PocketSphinx stream, its cepstral-mean restarts included) against decoding the whole
/// recording, on the corpus's clean sentences (the shared two-sentence recordings): word error rates.
/// </summary>
public sealed class DecodeWhileRecordingAccuracyTests(SentencePairDecodes decodes)
{
    [Fact]
    public async Task Decoding_while_recording_is_not_less_accurate_than_decoding_the_whole_recording()
    {
        var pairs = (await decodes.GetAsync()).Pairs;

        var whole = WordErrorRate.ComputeCorpus(pairs.Select(p => (p.Reference, p.Whole)));
        var streamed = WordErrorRate.ComputeCorpus(pairs.Select(p => (p.Reference, p.Uncut)));
        int same = pairs.Count(p => p.Whole == p.Uncut);
        TestContext.Current.SendDiagnosticMessage($"{pairs.Count} recordings: WER whole {whole.Rate:P2}, while recording {streamed.Rate:P2}; same text {same}");
        Assert.True(streamed.Errors <= whole.Errors, $"while recording {streamed.Rate:P2}, whole {whole.Rate:P2}");
    }
}
