using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Dictation.Tests.Support;

namespace VoiceFlow.Dictation.Tests;

/// <summary>Decoding while the user speaks: the same text as decoding the whole recording after end.</summary>
public sealed class DecodeWhileRecordingTests(PrivateEngineFixture engine) : IClassFixture<PrivateEngineFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Speech.First)]
    [InlineData(Speech.Second)]
    public async Task A_recording_decoded_while_captured_gives_the_text_of_the_whole_recording(string id)
    {
        var sentence = Speech.Sentence(id);
        // What a dictation records: pre-roll silence, the words, the tail.
        float[] recording = [.. new float[12_800], .. sentence.Samples, .. new float[5_600]];
        await using var service = new TranscriptionService(engine.Factory, new VoiceFlowOptions());
        var job = new TranscriptionJobOptions();
        var whole = await service.TranscribeAsync(recording, job, Ct);

        using var stream = service.TryOpenStream(job.Engine);
        Assert.NotNull(stream);
        for (int offset = 0; offset < recording.Length; offset += 320)
        {
            stream.Feed(recording.AsSpan(offset, Math.Min(320, recording.Length - offset)));
        }

        var streamed = await service.CompleteDecodedAsync(recording, stream.Finish(), job, Ct);

        Speech.AssertFirstAndLastWords(sentence, whole.Text);
        Assert.Equal(whole.Text, streamed.Text);
    }

    [Fact]
    public async Task Silence_a_stream_decoded_gives_no_text()
    {
        float[] silence = new float[32_000];
        await using var service = new TranscriptionService(engine.Factory, new VoiceFlowOptions());
        // Whatever an engine makes of silence, the job's own speech detection decides: no speech, no text.
        var invented = new List<Segment> { Segment.Plain("invented words", TimeSpan.Zero, TimeSpan.FromSeconds(2)) };

        var result = await service.CompleteDecodedAsync(silence, invented, cancellationToken: Ct);

        Assert.Equal("", result.Text);
    }

    [Fact]
    public async Task The_daemon_decodes_while_recording_and_end_gives_the_first_and_last_words()
    {
        await using var harness = await DaemonHarness.StartAsync(engine.Factory);
        var sentence = Speech.Sentence(Speech.Second);

        var ended = await harness.DictateAsync(sentence);

        Speech.AssertFirstAndLastWords(sentence, ended.Text!);
        Assert.Equal([ended.Text!], harness.Output.Delivered);
        Assert.Equal(1, harness.Daemon.DecodedWhileRecording);
        Assert.Equal(0, harness.Daemon.DecodedAfterEnd);
    }

    [Fact]
    public async Task Cancel_abandons_the_decode_and_the_next_dictation_decodes_while_recording_again()
    {
        await using var harness = await DaemonHarness.StartAsync(engine.Factory);
        var sentence = Speech.Sentence();

        await harness.Client.SendAsync("begin", Ct);
        harness.Capture.Play(sentence.Samples);
        await Task.Delay(300, Ct);
        await harness.Client.SendAsync("cancel", Ct);
        var ended = await harness.DictateAsync(sentence);

        Speech.AssertRecognised(sentence, ended.Text!);
        Assert.Equal(1, harness.Daemon.DecodedWhileRecording);
    }

    [Fact]
    public async Task Turned_off_the_daemon_decodes_after_end_with_the_same_words()
    {
        await using var harness = await DaemonHarness.StartAsync(engine.Factory, configure: o => o with { DecodeWhileRecording = false });
        var sentence = Speech.Sentence(Speech.Second);

        var ended = await harness.DictateAsync(sentence);

        Speech.AssertFirstAndLastWords(sentence, ended.Text!);
        Assert.Equal(0, harness.Daemon.DecodedWhileRecording);
        Assert.Equal(1, harness.Daemon.DecodedAfterEnd);
    }
}
