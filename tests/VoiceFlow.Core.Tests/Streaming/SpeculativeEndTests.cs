using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Streaming;
using VoiceFlow.Core.Transcription;
using static VoiceFlow.Core.Tests.Streaming.PhraseSignals;

namespace VoiceFlow.Core.Tests.Streaming;

/// <summary>
/// The last phrase decoded from the moment the key is released (<see cref="StreamFeed.MarkEnd"/>), beside the tail: when
/// the detector hears no speech after the audio that decode got, it is the phrase's text (the same as decoding at the
/// end, less the tail's silence); a word going on into the tail discards it, so the word is neither lost nor doubled.
/// </summary>
public sealed class SpeculativeEndTests
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan Speculative = TimeSpan.FromMilliseconds(150);

    [Fact]
    public async Task Released_on_the_last_word_the_decode_started_at_the_end_is_the_phrase_when_the_tail_is_silent()
    {
        float[] said = [.. Silence(0.5), .. Tone(1.0)];
        var plain = await RunAsync(said, Silence(0.35), speculate: false);
        var ended = await RunAsync(said, Silence(0.35), speculate: true);

        Assert.Equal(0, plain.Phrases.EndSpeculations);
        Assert.False(plain.Used);
        Assert.Equal(1, ended.Phrases.EndSpeculations);
        Assert.True(ended.Used);
        Assert.True(ended.StartedBeforeTail, "the last phrase did not start decoding before the tail");
        // One decode of what was said before the end (the detector's frames end there): none of the tail.
        var input = Assert.Single(ended.Engine.Inputs());
        Assert.Equal(said, input);
        SpeculativePhraseTests.AssertSameSpeech(plain.Engine.Inputs(), ended.Engine.Inputs());
        Assert.Equal(Texts(plain), Texts(ended));
    }

    [Fact]
    public async Task A_word_going_on_into_the_tail_discards_the_decode_started_at_the_end_and_is_decoded_whole_once()
    {
        // The key is released 0.2 s before the word ends; the tail ends 0.1 s after it (shorter than the speculative pause).
        float[] said = [.. Silence(0.5), .. Tone(1.0)];
        float[] tail = [.. Tone(0.2), .. Silence(0.1)];
        var plain = await RunAsync(said, tail, speculate: false);
        var ended = await RunAsync(said, tail, speculate: true);

        Assert.Equal(1, ended.Phrases.EndSpeculations);
        Assert.True(ended.Used, "the phrase's text did not come from a decode started after the release");
        Assert.Equal(Texts(plain), Texts(ended));
        var segment = Assert.Single(ended.Segments);
        Assert.Equal($"voiced{(int)(1.2 * Rate)}", segment.Text);
        // The word's end (a pause's start in the tail, 0.1 s before the tail ends) started the phrase's decode again at
        // once, and that one was its text: two decodes started in all (the end's, the pause's), none after the tail.
        Assert.Equal(2, ended.Phrases.Speculations);
        Assert.Equal(1, ended.Engine.Started.CurrentCount);
    }

    [Fact]
    public async Task A_pause_decode_already_under_way_at_the_end_is_kept_and_none_started_again()
    {
        // Released 0.25 s after the last word: the pause's speculation (150 ms) is already running.
        float[] said = [.. Silence(0.5), .. Tone(1.0), .. Silence(0.25)];
        var plain = await RunAsync(said, Silence(0.1), speculate: false);
        var ended = await RunAsync(said, Silence(0.1), speculate: true);

        Assert.Equal(1, ended.Phrases.Speculations);
        Assert.Equal(0, ended.Phrases.EndSpeculations);
        Assert.Single(ended.Engine.Inputs());
        SpeculativePhraseTests.AssertSameSpeech(plain.Engine.Inputs(), ended.Engine.Inputs());
        Assert.Equal(Texts(plain), Texts(ended));
    }

    [Fact]
    public async Task An_end_after_the_last_phrase_was_cut_starts_no_decode()
    {
        float[] said = [.. Silence(0.5), .. Tone(1.0), .. Silence(1.0)];
        var ended = await RunAsync(said, Silence(0.3), speculate: true, waitForDecode: false);

        Assert.Equal(0, ended.Phrases.EndSpeculations);
        Assert.Single(ended.Segments);
    }

    /// <summary>
    /// Feeds <paramref name="said"/>, marks the end, waits for a decode to start when speculating (so it started before
    /// any of the tail was fed), feeds <paramref name="tail"/> and finishes, through a <see cref="StreamFeed"/> as the
    /// daemon does.
    /// </summary>
    private static async Task<Result> RunAsync(float[] said, float[] tail, bool speculate, bool waitForDecode = true)
    {
        var engine = new LengthEngine();
        await using var service = new TranscriptionService(engine, new VoiceFlowOptions());
        PhraseCuttingStream? phrases = null;
        using var feed = new StreamFeed(
            host => host(phrases = (PhraseCuttingStream)service.TryOpenStream(new TranscriptionOptions(), Pause, speculativePause: speculate ? Speculative : TimeSpan.Zero)!),
            logger: null);
        Write(feed, said);
        feed.MarkEnd();
        bool startedBeforeTail = speculate && waitForDecode
            && await engine.Started.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Write(feed, tail);
        var segments = await feed.FinishAsync();
        Assert.NotNull(segments);
        return new Result(engine, [.. segments], phrases!, feed.EndSpeculationUsed, startedBeforeTail);
    }

    private static void Write(StreamFeed feed, float[] audio)
    {
        for (int offset = 0; offset < audio.Length; offset += 320)
        {
            feed.Write(audio.AsSpan(offset, Math.Min(320, audio.Length - offset)));
        }
    }

    private static List<(string Text, TimeSpan Start)> Texts(Result result) => [.. result.Segments.Select(s => (s.Text, s.Start))];

    private sealed record Result(LengthEngine Engine, List<Segment> Segments, PhraseCuttingStream Phrases, bool Used, bool StartedBeforeTail);
}
