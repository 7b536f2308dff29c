using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Streaming;
using VoiceFlow.Core.Transcription;

namespace VoiceFlow.Core.Tests.Transcription;

/// <summary>Audio the caller's VAD already cut (live utterances) skips the service's VAD, so it runs once per utterance.</summary>
public sealed class AlreadySegmentedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_already_segmented_job_reaches_the_engine_whole_where_the_vad_would_have_dropped_it()
    {
        // Silence: the service's VAD finds no speech in it and sends the engine nothing.
        float[] silence = new float[16_000];
        var engine = new CapturingEngine(maxChunk: TimeSpan.FromSeconds(30), answer: "words");
        await using var service = new TranscriptionService(engine, new VoiceFlowOptions());

        var detected = await service.TranscribeAsync(silence, new TranscriptionJobOptions(), Ct);
        Assert.Empty(engine.Chunks);
        Assert.Empty(detected.SpeechRegions);

        var segmented = await service.TranscribeAsync(silence, new TranscriptionJobOptions { AlreadySegmented = true }, Ct);
        Assert.Equal(silence.Length, Assert.Single(engine.Chunks).Length);
        Assert.Equal((0L, (long)silence.Length), Assert.Single(segmented.SpeechRegions));
    }

    [Fact]
    public async Task A_live_final_is_transcribed_as_one_speech_region_with_the_same_text()
    {
        var audio = TranscriptionServiceTests.Bursts((1, false), (1.5, true), (1.5, false));
        var engine = new CapturingEngine(maxChunk: TimeSpan.FromSeconds(30), answer: "hello there");
        await using var service = new TranscriptionService(engine, new VoiceFlowOptions());
        var live = new LiveTranscriber(service, new LiveTranscriberOptions { PartialInterval = TimeSpan.Zero });
        await using (live)
        {
            live.Feed(audio);
            live.Complete();
            var finals = new List<LiveFinalTranscript>();
            await foreach (var item in live.ReadEventsAsync(Ct))
            {
                finals.Add(Assert.IsType<LiveFinalTranscript>(item));
            }

            var final = Assert.Single(finals);
            Assert.Equal("Hello there", final.Text);
            // The service's VAD would have trimmed the utterance's padding; the region is the whole utterance.
            long utteranceSamples = Assert.Single(engine.Chunks).Length;
            Assert.Equal((0L, utteranceSamples), Assert.Single(final.Result.SpeechRegions));
        }
    }
}
