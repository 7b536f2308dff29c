using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Streaming;
using VoiceFlow.Core.Transcription;
using static VoiceFlow.Core.Tests.Streaming.PhraseSignals;

namespace VoiceFlow.Core.Tests.Streaming;

/// <summary>
/// Speculative phrase decodes (Whisper's path): a phrase starts decoding at a short pause; when the pause ends it (or the
/// stream finishes in it) that decode is its text — the audio without speculation, less silence at its end, decoded
/// once — and speech after it discards it, so nothing is doubled or lost.
/// </summary>
public sealed class SpeculativePhraseTests
{
    private const int Rate = PhraseSignals.Rate;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan Speculative = TimeSpan.FromMilliseconds(150);

    [Fact]
    public void Phrases_ended_at_pauses_decode_the_same_speech_once_with_or_without_speculation()
    {
        float[] audio = [.. Silence(0.5), .. Tone(1.0), .. Silence(1.0), .. Tone(0.8), .. Silence(0.7), .. Tone(1.2), .. Silence(1.0)];
        var plain = Run(audio, speculate: false);
        var speculative = Run(audio, speculate: true);

        Assert.Equal(3, speculative.Speculations);
        AssertSameSpeech(plain.Engine.Inputs(), speculative.Engine.Inputs());
        Assert.Equal(Texts(plain), Texts(speculative));
        Assert.Equal(3, speculative.Segments.Count);
    }

    [Fact]
    public void Finishing_in_a_short_pause_takes_the_speculative_decode_instead_of_decoding_again()
    {
        // The stop comes 0.3 s after the last word: longer than half the phrase pause, shorter than the pause.
        float[] audio = [.. Silence(0.5), .. Tone(1.0), .. Silence(0.3)];
        var plain = Run(audio, speculate: false);
        var speculative = Run(audio, speculate: true);

        Assert.Equal(1, speculative.Speculations);
        Assert.Single(speculative.Engine.Inputs());
        AssertSameSpeech(plain.Engine.Inputs(), speculative.Engine.Inputs());
        Assert.Equal(Texts(plain), Texts(speculative));
    }

    [Fact]
    public void Speech_after_a_short_pause_discards_the_speculation_and_the_phrase_is_decoded_whole_once()
    {
        // A 0.3 s pause inside the phrase (speculation starts, no cut), then more speech, then a real pause.
        float[] audio = [.. Silence(0.5), .. Tone(1.0), .. Silence(0.3), .. Tone(1.0), .. Silence(1.0)];
        var plain = Run(audio, speculate: false);
        var speculative = Run(audio, speculate: true);

        Assert.Equal(2, speculative.Speculations);
        Assert.Equal(Texts(plain), Texts(speculative));
        // The one segment is the decode of the whole phrase: both tones, not the first alone, not twice.
        var segment = Assert.Single(speculative.Segments);
        Assert.Equal($"voiced{2 * Rate}", segment.Text);
    }

    [Fact]
    public async Task Disposing_cancels_a_speculation_under_way()
    {
        var engine = new LengthEngine { Block = true };
        await using var service = new TranscriptionService(engine, new VoiceFlowOptions());
        var stream = service.TryOpenStream(new TranscriptionOptions(), Pause, speculativePause: Speculative)!;
        Feed(stream, [.. Silence(0.5), .. Tone(1.0), .. Silence(0.3)]);
        Assert.Equal(1, ((PhraseCuttingStream)stream).Speculations);
        Assert.True(await engine.Started.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken), "the speculation never started");

        stream.Dispose();

        Assert.True(await engine.Cancelled.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken), "the speculation was not cancelled");
    }

    private static Result Run(float[] audio, bool speculate)
    {
        var engine = new LengthEngine();
        var service = new TranscriptionService(engine, new VoiceFlowOptions());
        try
        {
            using var stream = service.TryOpenStream(new TranscriptionOptions(), Pause, speculativePause: speculate ? Speculative : TimeSpan.Zero)!;
            var phrases = Assert.IsType<PhraseCuttingStream>(stream);
            Feed(stream, audio);
            var segments = stream.Finish();
            return new Result(engine, [.. segments], phrases.Speculations);
        }
        finally
        {
            service.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Each speculative input is the plain one's start; what the plain one has beyond it is silence.</summary>
    internal static void AssertSameSpeech(List<float[]> plain, List<float[]> speculative)
    {
        Assert.Equal(plain.Count, speculative.Count);
        for (int i = 0; i < plain.Count; i++)
        {
            Assert.InRange(speculative[i].Length, 1, plain[i].Length);
            Assert.Equal(plain[i].AsSpan(0, speculative[i].Length).ToArray(), speculative[i]);
            Assert.All(plain[i][speculative[i].Length..], sample => Assert.Equal(0f, sample));
        }
    }

    private static List<(string Text, TimeSpan Start)> Texts(Result result) => [.. result.Segments.Select(s => (s.Text, s.Start))];

    internal static void Feed(ISpeechStream stream, float[] audio)
    {
        for (int offset = 0; offset < audio.Length; offset += 320)
        {
            stream.Feed(audio.AsSpan(offset, Math.Min(320, audio.Length - offset)));
        }
    }

    private sealed record Result(LengthEngine Engine, List<Segment> Segments, int Speculations);
}
