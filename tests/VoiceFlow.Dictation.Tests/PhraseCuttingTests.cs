using VoiceFlow.Dictation.Tests.Support;
using VoiceFlow.Evaluation.Text;

namespace VoiceFlow.Dictation.Tests;

/// <summary>
/// Dictations cut into phrases at pauses while they are recorded, on sentences that span a pause: PocketSphinx's own
/// stream (its utterance ended at each pause) and the path of an engine that decodes only whole inputs (Whisper's; here
/// PocketSphinx seen without its stream, so the words can be checked). Nothing lost or doubled at the boundaries: the
/// word error rate is not above the whole recording's.
/// </summary>
public sealed class PhraseCuttingTests(PrivateEngineFixture engine, SentencePairDecodes decodes) : IClassFixture<PrivateEngineFixture>
{
    private static readonly TimeSpan Speculative = SentencePairDecodes.Speculative;

    [Fact]
    public async Task PocketSphinx_phrases_ended_at_pauses_are_as_accurate_as_the_whole_recording()
    {
        var pairs = (await decodes.GetAsync()).Pairs;
        var (uncut, phrased) = (Wer(pairs, p => p.Uncut), Wer(pairs, p => p.Phrased));
        int segments = pairs.Sum(p => p.PhrasedSegments);
        TestContext.Current.SendDiagnosticMessage($"{pairs.Count} recordings: WER whole {Wer(pairs, p => p.Whole).Rate:P2}, one stream {uncut.Rate:P2}, phrases {phrased.Rate:P2}; {segments} phrases");

        Assert.True(phrased.Errors <= uncut.Errors, $"WER one stream {uncut.Rate:P2}, phrases {phrased.Rate:P2}");
        // One segment per phrase: each recording was cut at its pause.
        Assert.True(segments >= 2 * pairs.Count, $"{segments} phrases in {pairs.Count} recordings of two sentences");
    }

    [Fact]
    public async Task Phrases_of_an_engine_without_streams_are_decoded_once_each_and_as_accurate_as_the_whole_recording()
    {
        var decoded = await decodes.GetAsync();
        var pairs = decoded.Pairs;
        var (whole, phrased) = (Wer(pairs, p => p.Whole), Wer(pairs, p => p.WholeInputPhrased));
        TestContext.Current.SendDiagnosticMessage($"{pairs.Count} recordings: WER whole {whole.Rate:P2}, phrases decoded whole {phrased.Rate:P2}");

        Assert.True(phrased.Errors <= whole.Errors, $"WER whole {whole.Rate:P2}, phrases {phrased.Rate:P2}");
        // Per recording at least one decode per sentence (a long pause inside one may add one).
        Assert.InRange(decoded.WholeInputPhraseDecodes, pairs.Count * 2, pairs.Count * 4);
    }

    [Fact]
    public async Task The_daemon_cuts_phrases_of_an_engine_without_streams_and_stores_the_whole_text_once()
    {
        var batch = new BatchOnlyEngine(engine.Factory);
        await using var harness = await DaemonHarness.StartAsync(batch);
        var (first, second) = (Speech.Sentence(Speech.First), Speech.Sentence(Speech.Second));
        var spoken = new SpokenSentence(first.Item, [.. first.Samples, .. new float[16_000], .. second.Samples]);

        // Ready means warm: the warm-up's decode is done once the socket answers.
        await harness.Client.SendAsync("status", TestContext.Current.CancellationToken);
        int before = batch.Decodes;
        var ended = await harness.DictateAsync(spoken);
        await harness.Daemon.WhenStoredAsync();

        Speech.AssertFirstAndLastWords(first, ended.Text!);
        Speech.AssertFirstAndLastWords(second, ended.Text!);
        Assert.Equal(1, harness.Daemon.DecodedWhileRecording);
        // One decode per sentence, each at its pause or at end.
        Assert.True(batch.Decodes - before >= 2, $"{batch.Decodes - before} decodes");
        var stored = Assert.Single(harness.History.Entries);
        Assert.Equal(ended.Text, stored.Text);
        Assert.Equal([ended.Text!], harness.Output.Delivered);
    }

    [Fact]
    public async Task Speculative_phrase_decodes_give_the_text_of_phrases_decoded_at_their_end()
    {
        // The speculative decode lacks only silence at the phrase's end: the same words (PocketSphinx without its stream).
        var pairs = (await decodes.GetAsync()).Pairs;
        var (plain, speculative) = (Wer(pairs, p => p.WholeInputPhrased), Wer(pairs, p => p.Speculative));
        int same = pairs.Count(p => p.WholeInputPhrased == p.Speculative);
        TestContext.Current.SendDiagnosticMessage($"same text {same}/{pairs.Count}; WER plain {plain.Rate:P2}, speculative {speculative.Rate:P2}");

        Assert.True(speculative.Errors <= plain.Errors, $"WER plain {plain.Rate:P2}, speculative {speculative.Rate:P2}");
        Assert.True(same >= pairs.Count - 2, $"same text on {same} of {pairs.Count} recordings");
    }

    [Fact]
    public async Task The_daemon_neither_doubles_nor_loses_a_phrase_whose_speech_resumes_after_a_short_pause()
    {
        // 0.25 s between the sentences: long enough to start a speculative decode, too short to end the phrase.
        var (first, second) = (Speech.Sentence(Speech.First), Speech.Sentence(Speech.Second));
        var spoken = new SpokenSentence(first.Item, [.. first.Samples, .. new float[4_000], .. second.Samples]);
        string plain = await DictateAsync(spoken, TimeSpan.Zero);
        var batch = new BatchOnlyEngine(engine.Factory);
        await using var harness = await DaemonHarness.StartAsync(batch, configure: o => o with { SpeculativePause = Speculative });

        var ended = await harness.DictateAsync(spoken);
        await harness.Daemon.WhenStoredAsync();

        Speech.AssertFirstAndLastWords(first, ended.Text!);
        Speech.AssertFirstAndLastWords(second, ended.Text!);
        Assert.Equal(Speech.Words(plain).Count, Speech.Words(ended.Text!).Count);
        var stored = Assert.Single(harness.History.Entries);
        Assert.Equal(ended.Text, stored.Text);
        Assert.Equal([ended.Text!], harness.Output.Delivered);
    }

    [Fact]
    public async Task Turned_off_an_engine_without_streams_decodes_the_whole_recording_after_end()
    {
        var batch = new BatchOnlyEngine(engine.Factory);
        await using var harness = await DaemonHarness.StartAsync(batch, configure: o => o with { PhrasePause = TimeSpan.Zero });
        var sentence = Speech.Sentence(Speech.Second);

        var ended = await harness.DictateAsync(sentence);

        Speech.AssertFirstAndLastWords(sentence, ended.Text!);
        Assert.Equal(0, harness.Daemon.DecodedWhileRecording);
        Assert.Equal(1, harness.Daemon.DecodedAfterEnd);
    }

    /// <summary>The daemon's text for <paramref name="spoken"/> (an engine without streams) with the given speculative pause.</summary>
    private async Task<string> DictateAsync(SpokenSentence spoken, TimeSpan speculativePause)
    {
        await using var harness = await DaemonHarness.StartAsync(new BatchOnlyEngine(engine.Factory), configure: o => o with { SpeculativePause = speculativePause });
        return (await harness.DictateAsync(spoken)).Text!;
    }

    private static WordErrorCounts Wer(IEnumerable<PairTexts> pairs, Func<PairTexts, string> text) =>
        WordErrorRate.ComputeCorpus(pairs.Select(p => (p.Reference, text(p))));
}
