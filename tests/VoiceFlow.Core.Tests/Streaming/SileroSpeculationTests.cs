using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Streaming;
using VoiceFlow.Core.Tests.Vad.Silero;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Core.Vad.Silero;

namespace VoiceFlow.Core.Tests.Streaming;

/// <summary>
/// Speculative phrase decodes with the Silero detector on real speech (the tones of the other tests are the energy
/// detector's case; Silero does not call a tone voice): the same phrases, each decoded once, a speculative one lacking
/// only the end of its pause.
/// </summary>
public sealed class SileroSpeculationTests
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(400);

    [Fact]
    public async Task With_Silero_phrases_decoded_from_a_pause_are_the_same_phrases_less_the_end_of_their_pause()
    {
        var detector = new SileroSpeechDetector(SileroTestModels.Require("v5"));
        float[] audio = await SileroTestModels.LoadRecordingAsync("speech10_16k.wav");
        var (plain, _) = await RunAsync(detector, audio, TimeSpan.Zero);
        var (speculative, speculations) = await RunAsync(detector, audio, TimeSpan.FromMilliseconds(150));

        Assert.True(speculations > 0, "no pause was speculated on");
        // The engine answers one segment per decode, as long as its input: one per phrase,
        // starting where the plain one starts (nothing doubled, nothing lost), and at least one phrase took the
        // speculative decode (shorter: the rest of its pause was not decoded).
        Assert.True(plain.Count >= 2, $"{plain.Count} phrases");
        Assert.Equal(plain.Select(s => s.Start), speculative.Select(s => s.Start));
        Assert.All(plain.Zip(speculative), pair => Assert.True(pair.Second.End <= pair.First.End, $"{pair.Second.End} > {pair.First.End}"));
        Assert.Contains(plain.Zip(speculative), pair => pair.Second.End < pair.First.End);
    }

    private static async Task<(List<Segment> Segments, int Speculations)> RunAsync(SileroSpeechDetector detector, float[] audio, TimeSpan speculativePause)
    {
        await using var service = new TranscriptionService(new LengthEngine(), new VoiceFlowOptions(), detector: detector);
        using var stream = service.TryOpenStream(new TranscriptionOptions(), Pause, speculativePause: speculativePause)!;
        SpeculativePhraseTests.Feed(stream, audio);
        var segments = stream.Finish();
        return ([.. segments], ((PhraseCuttingStream)stream).Speculations);
    }
}
