using VoiceFlow.Dictation.Protocol;
using VoiceFlow.Dictation.Tests.Support;

namespace VoiceFlow.Dictation.Tests;

/// <summary>
/// The last phrase of a dictation decoded from the moment <c>end</c> comes, beside the tail (the path of an engine that
/// decodes only whole inputs, Whisper's; here PocketSphinx seen without its stream, so the words can be checked): used
/// when the tail holds no speech, discarded when the last word goes on into it (the phrase then decoded from that word's
/// end, still in the tail) — the word neither lost nor doubled.
/// </summary>
public sealed class EndSpeculationTests(PrivateEngineFixture engine) : IClassFixture<PrivateEngineFixture>
{
    /// <summary>Longer than an <c>end</c> sent just after the last word takes to arrive, even on a loaded machine, so the pause's own speculation does not come first.</summary>
    private static readonly TimeSpan Speculative = TimeSpan.FromMilliseconds(300);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Released_on_the_last_word_the_phrase_decoded_from_the_end_gives_the_same_text_delivered_and_stored_once()
    {
        var sentence = Trimmed(Speech.Sentence(Speech.Second));
        // end just after the last word (the capture starts playing at its next block).
        var endAfter = sentence.Duration + TimeSpan.FromMilliseconds(60);
        var (plain, plainUsed) = await DictateAsync(sentence, endAfter, TimeSpan.Zero);

        await using var harness = await DaemonHarness.StartAsync(new BatchOnlyEngine(engine.Factory), configure: o => o with { SpeculativePause = Speculative });
        var ended = await DictateAsync(harness, sentence, endAfter);
        await harness.Daemon.WhenStoredAsync();

        Assert.Equal(0, plainUsed);
        Assert.Equal(1, harness.Daemon.EndSpeculationsUsed);
        Assert.Equal(plain, ended.Text);
        Speech.AssertFirstAndLastWords(sentence, ended.Text!);
        Assert.Equal([ended.Text!], harness.Output.Delivered);
        Assert.Equal(ended.Text, Assert.Single(harness.History.Entries).Text);
    }

    [Fact]
    public async Task A_last_word_going_on_into_the_tail_is_kept_once()
    {
        var sentence = Trimmed(Speech.Sentence(Speech.Second));
        // end 0.25 s before the last word ends (the tail records at most 0.35 s).
        var endAfter = sentence.Duration - TimeSpan.FromMilliseconds(250);
        var (plain, _) = await DictateAsync(sentence, endAfter, TimeSpan.Zero);

        await using var harness = await DaemonHarness.StartAsync(new BatchOnlyEngine(engine.Factory), configure: o => o with { SpeculativePause = Speculative });
        var ended = await DictateAsync(harness, sentence, endAfter);
        await harness.Daemon.WhenStoredAsync();

        // The decode started at end was discarded; the one started at the word's end (in the tail) is the phrase's text.
        Assert.Equal(1, harness.Daemon.EndSpeculationsUsed);
        Speech.AssertFirstAndLastWords(sentence, ended.Text!);
        Assert.Equal(Speech.Words(plain).Count, Speech.Words(ended.Text!).Count);
        Assert.Equal([ended.Text!], harness.Output.Delivered);
        Assert.Equal(ended.Text, Assert.Single(harness.History.Entries).Text);
    }

    [Fact]
    public async Task Cancel_during_the_tail_drops_the_phrase_decoded_from_the_end_and_the_next_dictation_is_whole()
    {
        var sentence = Trimmed(Speech.Sentence(Speech.Second));
        // A long fixed tail, so the cancel surely comes in it.
        await using var harness = await DaemonHarness.StartAsync(new BatchOnlyEngine(engine.Factory), configure: o => o with
        {
            SpeculativePause = Speculative,
            Recorder = o.Recorder with { TailSeconds = 3, TailSilenceMilliseconds = 0 },
        });

        await harness.Client.SendAsync("begin", Ct);
        harness.Capture.Play(sentence.Samples);
        await Task.Delay(sentence.Duration + TimeSpan.FromMilliseconds(60), Ct);
        var ending = harness.Client.SendAsync("end", Ct);
        await Task.Delay(300, Ct);
        Assert.Equal("cancelled", (await harness.Client.SendAsync("cancel", Ct)).Action);
        await Assert.ThrowsAsync<DictationStateException>(() => ending);

        var next = await DictateAsync(harness, sentence, sentence.Duration + TimeSpan.FromMilliseconds(60));
        await harness.Daemon.WhenStoredAsync();

        Speech.AssertFirstAndLastWords(sentence, next.Text!);
        Assert.Equal([next.Text!], harness.Output.Delivered);
        Assert.Equal(next.Text, Assert.Single(harness.History.Entries).Text);
    }

    /// <summary>A daemon's text for <paramref name="sentence"/> with <c>end</c> sent <paramref name="endAfter"/> after it starts, and how many end decodes it used.</summary>
    private async Task<(string Text, long EndSpeculationsUsed)> DictateAsync(SpokenSentence sentence, TimeSpan endAfter, TimeSpan speculativePause)
    {
        await using var harness = await DaemonHarness.StartAsync(new BatchOnlyEngine(engine.Factory), configure: o => o with { SpeculativePause = speculativePause });
        var ended = await DictateAsync(harness, sentence, endAfter);
        return (ended.Text!, harness.Daemon.EndSpeculationsUsed);
    }

    private static async Task<DictationResponse> DictateAsync(DaemonHarness harness, SpokenSentence sentence, TimeSpan endAfter)
    {
        await harness.Client.SendAsync("begin", Ct);
        harness.Capture.Play(sentence.Samples);
        await Task.Delay(endAfter, Ct);
        return await harness.Client.SendAsync("end", Ct);
    }

    /// <summary>The sentence without the silence flite leaves after its last word, so <c>end</c> can come right on it.</summary>
    private static SpokenSentence Trimmed(SpokenSentence sentence)
    {
        int last = Array.FindLastIndex(sentence.Samples, s => Math.Abs(s) > 0.02f);
        return sentence with { Samples = sentence.Samples[..(last + 1)] };
    }
}
