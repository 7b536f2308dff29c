using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Streaming;
using VoiceFlow.Core.Transcription;
using static VoiceFlow.Core.Tests.Streaming.PhraseSignals;

namespace VoiceFlow.Core.Tests.Streaming;

/// <summary>
/// Phrases cut at pauses for an engine that decodes only whole inputs (Whisper's path): each phrase decoded once, with
/// the earlier phrases' text as its prompt, every sample given to the engine exactly once and in order.
/// </summary>
public sealed class PhraseCuttingStreamTests
{
    private const int Rate = PhraseSignals.Rate;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(400);

    [Fact]
    public void Each_phrase_is_decoded_once_with_the_text_before_it_as_prompt_and_no_sample_twice()
    {
        // Silence, then three one-second "words" with one second of silence after each.
        float[] audio = [.. Silence(0.5), .. Tone(1.0), .. Silence(1.0), .. Tone(1.0), .. Silence(1.0), .. Tone(1.0), .. Silence(1.0)];
        var engine = new PhraseEngine();
        var (segments, cuts) = Decode(engine, audio, blockSamples: 320, new TranscriptionOptions { Prompt = "Names: Ada." });

        var calls = engine.Calls.ToArray();
        Assert.Equal(3, calls.Length);
        Assert.Equal(3, cuts); // the last pause too was heard before the end: finish has nothing left to decode
        Assert.Equal(["Names: Ada.", "Names: Ada. phrase1", "Names: Ada. phrase1 phrase2"], calls.Select(c => c.Prompt));

        // The engine got a prefix of the recording, in order, each sample once; what it did not get is silence.
        float[] given = [.. calls.SelectMany(c => c.Audio)];
        Assert.Equal(audio.AsSpan(0, given.Length).ToArray(), given);
        Assert.All(audio[given.Length..], sample => Assert.Equal(0f, sample));
        // Every tone is inside one call, not split between two.
        Assert.All(calls, call => Assert.Equal(Rate, call.Audio.Count(s => s != 0f)));

        // Segment times are the recording's: each phrase's starts where the phrase before it ended.
        Assert.Equal(3, segments.Count);
        Assert.Equal(TimeSpan.Zero, segments[0].Start);
        Assert.Equal(Seconds(calls[0].Audio.Length), segments[1].Start);
        Assert.Equal(Seconds(calls[0].Audio.Length + calls[1].Audio.Length), segments[2].Start);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(320)]
    [InlineData(4_000)]
    public void The_block_size_changes_nothing_the_engine_hears(int blockSamples)
    {
        float[] audio = [.. Silence(0.3), .. Tone(0.7), .. Silence(0.8), .. Tone(1.2), .. Silence(0.2)];
        var reference = new PhraseEngine();
        _ = Decode(reference, audio, 320, new TranscriptionOptions());
        var engine = new PhraseEngine();
        _ = Decode(engine, audio, blockSamples, new TranscriptionOptions());

        float[] given = [.. engine.Calls.SelectMany(c => c.Audio)];
        Assert.Equal(audio.AsSpan(0, given.Length).ToArray(), given);
        Assert.Equal(2, engine.Calls.Count);
        // The last tone ends 0.2 s before the end: finish gives it, and the silence after it, to the engine.
        Assert.Equal(audio.Length, given.Length);
        Assert.Equal(reference.Calls.Select(c => c.Audio.Length), engine.Calls.Select(c => c.Audio.Length));
    }

    [Fact]
    public void Silence_reaches_no_engine()
    {
        var engine = new PhraseEngine();
        var (segments, cuts) = Decode(engine, Silence(3), 320, new TranscriptionOptions());

        Assert.Empty(segments);
        Assert.Equal(0, cuts);
        Assert.Empty(engine.Calls);
    }

    [Fact]
    public async Task A_pause_of_zero_cuts_nothing_and_an_engine_without_streams_gets_none()
    {
        var engine = new PhraseEngine();
        await using var service = new TranscriptionService(engine, new VoiceFlowOptions());

        Assert.Null(service.TryOpenStream(new TranscriptionOptions(), TimeSpan.Zero));
    }

    private static (IReadOnlyList<Segment> Segments, int Cuts) Decode(PhraseEngine engine, float[] audio, int blockSamples, TranscriptionOptions options)
    {
        var service = new TranscriptionService(engine, new VoiceFlowOptions());
        try
        {
            using var stream = service.TryOpenStream(options, Pause);
            var phrases = Assert.IsType<PhraseCuttingStream>(stream);
            for (int offset = 0; offset < audio.Length; offset += blockSamples)
            {
                stream.Feed(audio.AsSpan(offset, Math.Min(blockSamples, audio.Length - offset)));
            }

            var segments = stream.Finish();
            return (segments, phrases.Cuts);
        }
        finally
        {
            service.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static TimeSpan Seconds(int samples) => TimeSpan.FromSeconds(samples / (double)Rate);

    /// <summary>A test double (never shipped): answers "phraseN" for its Nth input and keeps each input and prompt.</summary>
    private sealed class PhraseEngine : ISpeechEngineFactory
    {
        public ConcurrentQueue<(string? Prompt, float[] Audio)> Calls { get; } = new();

        public string EngineName => "phrases";

        public string ModelName => "phrases";

        public bool SupportsConcurrentProcessors => true;

        public TimeSpan? MaxChunkDuration => null;

        public ISpeechProcessor CreateProcessor(TranscriptionOptions options) => new Processor(this, options);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private sealed class Processor(PhraseEngine engine, TranscriptionOptions options) : ISpeechProcessor
        {
            public TranscriptionOptions Options => options;

            public async IAsyncEnumerable<Segment> ProcessAsync(ReadOnlyMemory<float> samples16k, [EnumeratorCancellation] CancellationToken cancellationToken = default)
            {
                await Task.Yield();
                engine.Calls.Enqueue((options.Prompt, samples16k.ToArray()));
                yield return Segment.Plain($"phrase{engine.Calls.Count}", TimeSpan.Zero, Seconds(samples16k.Length));
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
