using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Tests.Corpus;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Dictation.Tests.Support;
using VoiceFlow.Evaluation.Corpus;
using VoiceFlow.Evaluation.Text;

namespace VoiceFlow.Dictation.Tests;

/// <summary>
/// Dictations cut into phrases at pauses while they are recorded, on sentences that span a pause: PocketSphinx's own
/// stream (its utterance ended at each pause) and the path of an engine that decodes only whole inputs (Whisper's; here
/// PocketSphinx seen without its stream, so the words can be checked). Nothing lost or doubled at the boundaries: the
/// word error rate is not above the whole recording's.
/// </summary>
public sealed class PhraseCuttingTests(PrivateEngineFixture engine) : IClassFixture<PrivateEngineFixture>
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan Speculative = TimeSpan.FromMilliseconds(150);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PocketSphinx_phrases_ended_at_pauses_are_as_accurate_as_the_whole_recording()
    {
        await using var service = new TranscriptionService(engine.Factory, new VoiceFlowOptions());
        var result = await CompareAsync(service, Pairs(20));

        Assert.NotNull(result.Uncut);
        Assert.True(result.Phrased.Errors <= result.Uncut.Value.Errors, result.ToString());
        // One segment per phrase: each recording was cut at its pause.
        Assert.True(result.Segments >= 2 * 20, $"{result.Segments} phrases in 20 recordings of two sentences");
    }

    [Fact]
    public async Task Phrases_of_an_engine_without_streams_are_decoded_once_each_and_as_accurate_as_the_whole_recording()
    {
        var batch = new BatchOnlyEngine(engine.Factory);
        await using var service = new TranscriptionService(batch, new VoiceFlowOptions());
        var pairs = Pairs(20);
        var result = await CompareAsync(service, pairs);

        Assert.True(result.Phrased.Errors <= result.Whole.Errors, result.ToString());
        // Per recording: one whole decode, then at least one decode per sentence (a long pause inside one may add one).
        Assert.InRange(batch.Decodes, pairs.Count * 3, pairs.Count * 5);
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
        await using var service = new TranscriptionService(new BatchOnlyEngine(engine.Factory), new VoiceFlowOptions());
        var job = new TranscriptionJobOptions();
        var (plain, speculative) = (new List<(string, string)>(), new List<(string, string)>());
        int same = 0;
        foreach (var (reference, recording) in Pairs(20))
        {
            var without = await service.CompleteDecodedAsync(recording, Feed(service.TryOpenStream(job.Engine, Pause)!, recording), job, Ct);
            var with = await service.CompleteDecodedAsync(recording, Feed(service.TryOpenStream(job.Engine, Pause, speculativePause: Speculative)!, recording), job, Ct);
            plain.Add((reference, without.Text));
            speculative.Add((reference, with.Text));
            same += without.Text == with.Text ? 1 : 0;
        }

        var (plainErrors, speculativeErrors) = (WordErrorRate.ComputeCorpus(plain), WordErrorRate.ComputeCorpus(speculative));
        TestContext.Current.SendDiagnosticMessage($"same text {same}/20; WER plain {plainErrors.Rate:P2}, speculative {speculativeErrors.Rate:P2}");
        Assert.True(speculativeErrors.Errors <= plainErrors.Errors, $"WER plain {plainErrors.Rate:P2}, speculative {speculativeErrors.Rate:P2}");
        Assert.True(same >= 18, $"same text on {same} of 20 recordings");
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

    /// <summary>
    /// Decodes each recording whole, as one stream without cuts (the engine's stream; null without one), and in phrases,
    /// fed in 20 ms blocks as the capture does; the word error rates and the phrases' segments.
    /// </summary>
    private static async Task<Comparison> CompareAsync(TranscriptionService service, IReadOnlyList<(string Reference, float[] Recording)> recordings)
    {
        var job = new TranscriptionJobOptions();
        var whole = new List<(string, string)>();
        var uncut = new List<(string, string)>();
        var phrased = new List<(string, string)>();
        int segments = 0;
        foreach (var (reference, recording) in recordings)
        {
            whole.Add((reference, (await service.TranscribeAsync(recording, job, Ct)).Text));
            if (service.TryOpenStream(job.Engine) is { } stream)
            {
                var decoded = Feed(stream, recording);
                uncut.Add((reference, (await service.CompleteDecodedAsync(recording, decoded, job, Ct)).Text));
            }

            var phrases = Feed(service.TryOpenStream(job.Engine, Pause) ?? throw new InvalidOperationException("no stream"), recording);
            segments += phrases.Count;
            phrased.Add((reference, (await service.CompleteDecodedAsync(recording, phrases, job, Ct)).Text));
        }

        var comparison = new Comparison(WordErrorRate.ComputeCorpus(whole), uncut.Count > 0 ? WordErrorRate.ComputeCorpus(uncut) : null, WordErrorRate.ComputeCorpus(phrased), segments);
        TestContext.Current.SendDiagnosticMessage($"{recordings.Count} recordings: {comparison}");
        return comparison;
    }

    private static IReadOnlyList<Segment> Feed(ISpeechStream stream, float[] recording)
    {
        using (stream)
        {
            for (int offset = 0; offset < recording.Length; offset += 320)
            {
                stream.Feed(recording.AsSpan(offset, Math.Min(320, recording.Length - offset)));
            }

            return stream.Finish();
        }
    }

    private sealed record Comparison(WordErrorCounts Whole, WordErrorCounts? Uncut, WordErrorCounts Phrased, int Segments)
    {
        public override string ToString() =>
            $"WER whole {Whole.Rate:P2} ({Whole.Errors}), one stream {Uncut?.Rate:P2} ({Uncut?.Errors}), phrases {Phrased.Rate:P2} ({Phrased.Errors}) of {Whole.ReferenceWords} words";
    }

    /// <summary>Recordings of two clean sentences with a 0.8 s pause between them, pre-roll and tail around.</summary>
    private static List<(string Reference, float[] Recording)> Pairs(int count)
    {
        var items = CorpusFixture.Get().OfKind(CorpusItemKind.Clean).Take(2 * count).ToList();
        var pairs = new List<(string, float[])>();
        for (int i = 0; i + 1 < items.Count; i += 2)
        {
            float[] recording = [.. new float[12_800], .. items[i].LoadSamples(), .. new float[12_800], .. items[i + 1].LoadSamples(), .. new float[5_600]];
            pairs.Add((items[i].ReferenceText + " " + items[i + 1].ReferenceText, recording));
        }

        return pairs;
    }
}
