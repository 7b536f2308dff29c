using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Tests.Corpus;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Evaluation.Corpus;
using VoiceFlow.PocketSphinx;

namespace VoiceFlow.Dictation.Tests.Support;

/// <summary>
/// The accuracy tests' recordings — 20 pairs of clean corpus sentences with a 0.8 s pause between them — each decoded
/// once in every way a dictation can be decoded. These decodes are the test suite's most expensive work, and several
/// tests compare the same ones (the whole recording is every comparison's baseline), so the assembly computes them once,
/// on a model of its own (whether a stream finds a decoder free must not depend on the other test classes), two
/// recordings at a time; each test asserts on its part.
/// </summary>
public sealed class SentencePairDecodes : IAsyncLifetime
{
    /// <summary>The pause that ends a phrase (the daemon's default phrase_pause_ms).</summary>
    public static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(400);

    /// <summary>The pause after which a whole-input phrase starts decoding (the daemon's default speculative_pause_ms).</summary>
    public static readonly TimeSpan Speculative = TimeSpan.FromMilliseconds(150);

    private const int PairCount = 20;

    // Two recordings at a time, each holding at most one decoder (a stream, a job or a phrase decode) at any moment; the
    // rest is room for a speculative decode still being cancelled when its phrase's real decode starts.
    private readonly Lazy<PocketSphinxEngineFactory> _factory = new(() => PocketSphinxEngineFactory.Load(new PocketSphinxOptions { MaxDecoders = 4 }));
    private readonly Lock _lock = new();
    private Task<PairDecodes>? _decodes;

    /// <summary>The decodes (computed by the first test that asks); skips the test when PocketSphinx or flite is missing.</summary>
    internal Task<PairDecodes> GetAsync()
    {
        if (!new PocketSphinxEngineProvider().IsAvailable(null, out var reason))
        {
            Assert.Skip($"PocketSphinx unavailable: {reason}");
        }

        var items = CorpusFixture.Get().OfKind(CorpusItemKind.Clean).Take(2 * PairCount).ToList();
        lock (_lock)
        {
            // Not the asking test's cancellation: the result is every test's.
            return _decodes ??= Task.Run(() => ComputeAsync(items));
        }
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_decodes is not null)
        {
            await _decodes.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }

        if (_factory.IsValueCreated)
        {
            await _factory.Value.DisposeAsync();
        }
    }

    private async Task<PairDecodes> ComputeAsync(IReadOnlyList<CorpusItem> items)
    {
        var phrasedEngine = new BatchOnlyEngine(_factory.Value);
        var speculativeEngine = new BatchOnlyEngine(_factory.Value);
        await using var service = new TranscriptionService(_factory.Value, new VoiceFlowOptions());
        await using var phrasedService = new TranscriptionService(phrasedEngine, new VoiceFlowOptions());
        await using var speculativeService = new TranscriptionService(speculativeEngine, new VoiceFlowOptions());
        var job = new TranscriptionJobOptions();

        var recordings = new List<(string Reference, float[] Samples)>();
        for (int i = 0; i + 1 < items.Count; i += 2)
        {
            float[] recording = [.. new float[12_800], .. items[i].LoadSamples(), .. new float[12_800], .. items[i + 1].LoadSamples(), .. new float[5_600]];
            recordings.Add((items[i].ReferenceText + " " + items[i + 1].ReferenceText, recording));
        }

        var pairs = new PairTexts[recordings.Count];
        await Parallel.ForAsync(0, recordings.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (i, _) =>
        {
            var (reference, recording) = recordings[i];
            string whole = (await service.TranscribeAsync(recording, job)).Text;
            string uncut = await DecodeAsync(service, service.TryOpenStream(job.Engine), recording, job);
            var phrases = Feed(service.TryOpenStream(job.Engine, Pause) ?? throw NoDecoder(), recording);
            string phrased = (await service.CompleteDecodedAsync(recording, phrases, job)).Text;
            string wholeInputPhrased = await DecodeAsync(phrasedService, phrasedService.TryOpenStream(job.Engine, Pause), recording, job);
            string speculative = await DecodeAsync(speculativeService, speculativeService.TryOpenStream(job.Engine, Pause, speculativePause: Speculative), recording, job);
            pairs[i] = new PairTexts(reference, whole, uncut, phrased, phrases.Count, wholeInputPhrased, speculative);
        });

        return new PairDecodes(pairs, phrasedEngine.Decodes);
    }

    private static async Task<string> DecodeAsync(TranscriptionService service, ISpeechStream? stream, float[] recording, TranscriptionJobOptions job) =>
        (await service.CompleteDecodedAsync(recording, Feed(stream ?? throw NoDecoder(), recording), job)).Text;

    /// <summary>Fed in 20 ms blocks, as the capture does.</summary>
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

    private static InvalidOperationException NoDecoder() => new("no decoder free for a stream: the fixture's model has too few");
}

/// <summary>One recording's texts: decoded whole, as one stream, in phrases by the engine's stream, in phrases decoded as whole inputs (Whisper's path), and the same with speculative decodes.</summary>
internal sealed record PairTexts(string Reference, string Whole, string Uncut, string Phrased, int PhrasedSegments, string WholeInputPhrased, string Speculative);

/// <summary>Every recording's texts, and how many inputs the whole-input phrase path decoded in all.</summary>
internal sealed record PairDecodes(IReadOnlyList<PairTexts> Pairs, int WholeInputPhraseDecodes);
