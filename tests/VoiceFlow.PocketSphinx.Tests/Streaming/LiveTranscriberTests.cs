using VoiceFlow.Core.Configuration;
using VoiceFlow.Evaluation.Corpus;
using VoiceFlow.Core.Monitoring;
using VoiceFlow.Core.Streaming;
using VoiceFlow.Core.Tests.Corpus;
using VoiceFlow.Evaluation.Text;
using VoiceFlow.Core.Transcription;

namespace VoiceFlow.PocketSphinx.Tests.Streaming;

/// <summary>Live transcription of corpus sentences separated by pauses, with the real PocketSphinx engine.</summary>
public class LiveTranscriberTests(StreamingEngineFixture engine) : IClassFixture<StreamingEngineFixture>
{
    /// <summary>Three voices, three sentences the default model recognises reasonably.</summary>
    private static readonly string[] SentenceIds = ["s02-awb", "s04-slt", "s10-awb"];

    private const int BlockSamples = 1600;

    [Fact]
    public async Task Sentences_separated_by_pauses_give_one_final_each_in_order_with_partials_before_each()
    {
        var ct = TestContext.Current.CancellationToken;
        var items = Items();
        var stream = SpeechStream.Build(items, gap: 1.5);
        var monitor = new PerformanceMonitor();
        await using var service = NewService(monitor);
        await using var live = new LiveTranscriber(service);
        var events = new List<LiveTranscriptionEvent>();
        var reading = CollectAsync(live, events, ct);

        // Paced like a microphone (twice real time). Partials are skipped while the engine is busy, so on a loaded
        // machine the "speaker" waits for each final before the next sentence, as a dictating user would.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long fed = 0;
        for (int i = 0; i <= items.Count; i++)
        {
            long until = i < items.Count ? stream.Sentences[i].Start : stream.Samples.Length;
            await WaitForFinalsAsync(events, Math.Max(0, i - 1), ct);
            clock.Restart();
            long from = fed;
            for (; fed < until; fed += Math.Min(BlockSamples, until - fed))
            {
                live.Feed(stream.Samples.AsSpan((int)fed, (int)Math.Min(BlockSamples, until - fed)));
                var due = TimeSpan.FromSeconds((fed - from) / 32_000.0) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, ct);
                }
            }
        }

        live.Complete();
        await reading;
        foreach (var e in events)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"{e.GetType().Name} #{e.Utterance} {e.Start.TotalSeconds:0.00}-{e.End.TotalSeconds:0.00}: {e.Text}");
        }

        var finals = events.OfType<LiveFinalTranscript>().ToList();
        Assert.Equal(items.Count, finals.Count);
        for (int i = 0; i < finals.Count; i++)
        {
            var (start, end, text) = stream.Sentences[i];
            var final = finals[i];
            var wer = WordErrorRate.Compute(text, final.Text);
            Assert.True(wer.Rate <= 0.5, $"sentence {i}: '{final.Text}' vs '{text}': WER {wer.Rate:P0}");
            Assert.True(final.Start.TotalSeconds <= start / 16_000.0 && final.End.TotalSeconds >= end / 16_000.0 - 0.05,
                $"sentence {i} at {start / 16_000.0:0.00}-{end / 16_000.0:0.00} s, final covers {final.Start.TotalSeconds:0.00}-{final.End.TotalSeconds:0.00} s");
            Assert.Equal(final.Result.Text, final.Text);
            Assert.True(final.ProcessingTime > TimeSpan.Zero);

            int finalAt = events.IndexOf(final);
            Assert.Contains(events.Take(finalAt), e => e is LivePartialTranscript && e.Utterance == final.Utterance);
            Assert.DoesNotContain(events.Skip(finalAt + 1), e => e.Utterance == final.Utterance);
        }

        Assert.Equal(finals.Select(f => f.Utterance).Order(), finals.Select(f => f.Utterance));
        Assert.Equal(items.Count, monitor.Count); // finals are service jobs; partials are previews and not recorded
    }

    [Fact]
    public async Task Finals_decoded_during_speech_have_the_words_of_finals_decoded_at_the_end()
    {
        var items = Items();
        var stream = SpeechStream.Build(items, gap: 1.5);
        var during = await FinalsAsync(stream, items.Count, decodeDuringSpeech: true);
        var atEnd = await FinalsAsync(stream, items.Count, decodeDuringSpeech: false);

        Assert.Equal(items.Count, during.DecodedDuringSpeech);
        Assert.Equal(0, atEnd.DecodedDuringSpeech);
        Assert.Equal(atEnd.Finals.Select(f => (f.Utterance, f.Start, f.End)), during.Finals.Select(f => (f.Utterance, f.Start, f.End)));
        // The stream measures its cepstral mean as it goes; the whole decode knows the utterance's: same words, or at most
        // as many errors against what was said.
        var spoken = stream.Sentences.Select(s => s.Text).ToList();
        var duringErrors = WordErrorRate.ComputeCorpus(spoken.Zip(during.Finals.Select(f => f.Text)));
        var atEndErrors = WordErrorRate.ComputeCorpus(spoken.Zip(atEnd.Finals.Select(f => f.Text)));
        Assert.True(duringErrors.Errors <= atEndErrors.Errors,
            $"during speech: {string.Join(" | ", during.Finals.Select(f => f.Text))}; at the end: {string.Join(" | ", atEnd.Finals.Select(f => f.Text))}");
    }

    [Fact]
    public async Task An_utterance_with_short_pauses_is_finished_phrase_by_phrase_with_the_words_of_a_whole_decode()
    {
        var items = Items();
        // Back to back: the sentences' own edges of silence (about 0.35 s) are pauses inside one utterance.
        var stream = SpeechStream.Build(items, gap: 0);
        var during = await FinalsAsync(stream, 1, decodeDuringSpeech: true);
        var atEnd = await FinalsAsync(stream, 1, decodeDuringSpeech: false);

        var final = Assert.Single(during.Finals);
        Assert.Single(atEnd.Finals);
        Assert.Equal(1, during.DecodedDuringSpeech);
        // PocketSphinx gives one segment per phrase: the utterance was cut at its pauses.
        Assert.True(final.Result.Segments.Count >= 2, $"{final.Result.Segments.Count} phrases");
        string spoken = string.Join(' ', stream.Sentences.Select(s => s.Text));
        var duringErrors = WordErrorRate.Compute(spoken, final.Text);
        var atEndErrors = WordErrorRate.Compute(spoken, atEnd.Finals[0].Text);
        Assert.True(duringErrors.Errors <= atEndErrors.Errors, $"during speech: {final.Text}; at the end: {atEnd.Finals[0].Text}");
    }

    [Fact]
    public async Task Audio_sent_faster_than_real_time_is_decoded_whole_with_the_text_of_a_whole_decode()
    {
        var items = Items();
        var stream = SpeechStream.Build(items, gap: 1.5);
        // Unpaced: each sentence arrives at once, far ahead of the stream, which would decode nearly all of it after its end.
        var sent = await FinalsAsync(stream, items.Count, decodeDuringSpeech: true, paced: false);
        var whole = await FinalsAsync(stream, items.Count, decodeDuringSpeech: false, paced: false);

        Assert.Equal(0, sent.DecodedDuringSpeech);
        Assert.Equal(items.Count, sent.FellBehind);
        Assert.Equal(whole.Finals.Select(f => (f.Utterance, f.Start, f.End, f.Text)), sent.Finals.Select(f => (f.Utterance, f.Start, f.End, f.Text)));
    }

    /// <summary>
    /// The stream's finals, each sentence fed in blocks once the final before it arrived: at real-time pace (a microphone)
    /// when <paramref name="paced"/>, else all at once (a client sending a recording).
    /// </summary>
    private async Task<(List<LiveFinalTranscript> Finals, long DecodedDuringSpeech, long FellBehind)> FinalsAsync(
        SpeechStream stream, int sentences, bool decodeDuringSpeech, bool paced = true)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var service = NewService();
        await using var live = new LiveTranscriber(service, new LiveTranscriberOptions
        {
            PartialInterval = TimeSpan.Zero,
            DecodeDuringSpeech = decodeDuringSpeech,
            // Paced like a microphone, the stream keeps up on an idle machine but may fall behind on a loaded one (a
            // full parallel test run), where the whole-decode fallback would take over: the stream path is what these
            // runs test. Unpaced runs keep the fallback: they test it.
            DecodeWholeWhenBehind = !paced,
        });
        var events = new List<LiveTranscriptionEvent>();
        var reading = CollectAsync(live, events, ct);
        long fed = 0;
        for (int i = 0; i <= sentences; i++)
        {
            long until = i < sentences ? stream.Sentences[i].Start : stream.Samples.Length;
            // A decoder goes back to the engine when its utterance's final is out: the next utterance finds one free.
            await WaitForFinalsAsync(events, Math.Max(0, i - 1), ct);
            if (paced)
            {
                await FeedPacedAsync(live, stream.Samples.AsMemory((int)fed, (int)(until - fed)), ct);
            }
            else
            {
                FeedBlocks(live, stream.Samples.AsSpan((int)fed, (int)(until - fed)));
            }

            fed = until;
        }

        live.Complete();
        await reading;
        return (events.OfType<LiveFinalTranscript>().ToList(), live.FinalsDecodedDuringSpeech, live.FinalsDecodedWholeAfterFallingBehind);
    }

    /// <summary>Feeds 20 ms blocks no faster than real time, as a microphone delivers them.</summary>
    private static async Task FeedPacedAsync(LiveTranscriber live, ReadOnlyMemory<float> samples, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int offset = 0; offset + 320 <= samples.Length; offset += 320)
        {
            live.Feed(samples.Span.Slice(offset, 320));
            var due = TimeSpan.FromSeconds((offset + 320) / 16_000.0) - clock.Elapsed;
            if (due > TimeSpan.FromMilliseconds(10))
            {
                await Task.Delay(due, cancellationToken);
            }
        }
    }

    [Fact]
    public async Task A_stream_of_room_noise_only_gives_no_events()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var service = NewService();
        await using var live = new LiveTranscriber(service);
        var reading = CollectAsync(live, ct);
        var noise = SpeechStream.Noise(6);
        for (int offset = 0; offset < noise.Length; offset += 320)
        {
            live.Feed(noise.AsSpan(offset, 320));
        }

        live.Complete();
        Assert.Empty(await reading);
        Assert.Equal(0, service.Access.Jobs);
    }

    [Fact]
    public async Task Complete_flushes_the_utterance_still_being_spoken()
    {
        var ct = TestContext.Current.CancellationToken;
        var items = Items().Take(1).ToList();
        var stream = SpeechStream.Build(items, gap: 0, trailing: 0);
        await using var service = NewService();
        await using var live = new LiveTranscriber(service, new LiveTranscriberOptions { PartialInterval = TimeSpan.Zero });
        var reading = CollectAsync(live, ct);

        live.Feed(stream.Samples);
        Assert.True(live.InSpeech, "the stream ends mid-speech, so no pause has ended the utterance yet");
        live.Complete();

        var final = Assert.IsType<LiveFinalTranscript>(Assert.Single(await reading));
        Assert.True(WordErrorRate.Compute(items[0].ReferenceText, final.Text).Rate <= 0.5, final.Text);
        Assert.Equal(stream.Samples.Length / 16_000.0, final.End.TotalSeconds, 3);
    }

    [Fact]
    public async Task Speech_without_a_pause_is_cut_at_the_maximum_utterance_length()
    {
        var ct = TestContext.Current.CancellationToken;
        var items = Items();
        var stream = SpeechStream.Build(items, gap: 0.15, trailing: 1);
        await using var service = NewService();
        var options = new LiveTranscriberOptions { PartialInterval = TimeSpan.Zero, MaxUtterance = TimeSpan.FromSeconds(3) };
        await using var live = new LiveTranscriber(service, options);
        var reading = CollectAsync(live, ct);

        live.Feed(stream.Samples);
        live.Complete();
        var finals = (await reading).Cast<LiveFinalTranscript>().ToList();

        Assert.True(finals.Count >= 3, $"{finals.Count} finals");
        Assert.All(finals, f => Assert.True(f.End - f.Start <= options.MaxUtterance, $"{f.Start}-{f.End}"));
        Assert.All(finals.Zip(finals.Skip(1)), pair => Assert.True(pair.First.End <= pair.Second.Start));
        string all = string.Join(' ', finals.Select(f => f.RawText));
        Assert.True(WordErrorRate.Compute(string.Join(' ', items.Select(i => i.ReferenceText)), all).Rate <= 0.6, all);
    }

    [Fact]
    public async Task Disposing_with_work_pending_ends_the_event_stream_and_refuses_more_audio()
    {
        var ct = TestContext.Current.CancellationToken;
        var stream = SpeechStream.Build(Items());
        await using var service = NewService();
        var live = new LiveTranscriber(service);
        var reading = CollectAsync(live, ct);

        live.Feed(stream.Samples);
        await live.DisposeAsync();

        await reading.WaitAsync(TimeSpan.FromSeconds(30), ct);
        Assert.Throws<ObjectDisposedException>(() => live.Feed(new float[320]));
        Assert.Equal(0, service.Access.Running);
        await live.DisposeAsync();
    }

    [Fact]
    public async Task Feeding_after_complete_is_refused_and_a_cancelled_reader_stops()
    {
        await using var service = NewService();
        await using var live = new LiveTranscriber(service);
        using var cancelled = new CancellationTokenSource();
        var reading = CollectAsync(live, cancelled.Token);
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);

        live.Complete();
        live.Complete();
        Assert.Throws<InvalidOperationException>(() => live.Feed(new float[320]));
    }

    [Fact]
    public async Task Feeding_blocks_allocates_nothing_in_steady_state()
    {
        var items = Items();
        var speech = items[0].LoadSamples();
        var noise = SpeechStream.Noise(4);
        await using var service = NewService();
        // Decoding during speech hands each block to a feeder thread (a pooled copy and a queue node); measured here is the
        // transcriber's own path.
        await using var live = new LiveTranscriber(service, new LiveTranscriberOptions { PartialInterval = TimeSpan.Zero, DecodeDuringSpeech = false });

        // Warm up (first calls JIT and fill the window), then measure silence and the first part of speech.
        FeedBlocks(live, noise.AsSpan(0, 32_000));
        long before = GC.GetAllocatedBytesForCurrentThread();
        FeedBlocks(live, noise.AsSpan(32_000));
        FeedBlocks(live, speech.AsSpan(0, speech.Length / 2));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(live.InSpeech);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Options_come_from_the_configuration_and_are_validated()
    {
        var config = new VoiceFlowOptions { VadMinSilenceMs = 700, VadSpeechPadMs = 100, ListenPartialIntervalSeconds = 1.5, ListenMaxUtteranceSeconds = 12, Language = "en" };
        var options = LiveTranscriberOptions.From(config);
        Assert.Equal(TimeSpan.FromMilliseconds(700), options.EndOfUtteranceSilence);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.SpeechPadding);
        Assert.Equal(TimeSpan.FromSeconds(1.5), options.PartialInterval);
        Assert.Equal(TimeSpan.FromSeconds(12), options.MaxUtterance);

        var tooLong = Assert.Throws<Core.Errors.ConfigurationException>(() => LiveTranscriberOptions.From(config with { ListenMaxUtteranceSeconds = 90 }));
        Assert.Contains("listen_max_utterance_seconds", tooLong.Message, StringComparison.Ordinal);
        var tooShort = Assert.Throws<Core.Errors.ConfigurationException>(() => new LiveTranscriberOptions { PartialInterval = TimeSpan.FromMilliseconds(10) }.Validate());
        Assert.Contains("partial interval", tooShort.Message, StringComparison.Ordinal);
    }

    private static void FeedBlocks(LiveTranscriber live, ReadOnlySpan<float> samples)
    {
        for (int offset = 0; offset + 320 <= samples.Length; offset += 320)
        {
            live.Feed(samples.Slice(offset, 320));
        }
    }

    private TranscriptionService NewService(PerformanceMonitor? monitor = null) => new(engine.Factory, new VoiceFlowOptions(), monitor);

    private static List<CorpusItem> Items()
    {
        var corpus = CorpusFixture.Get();
        if (!new PocketSphinxEngineProvider().IsAvailable(null, out var reason))
        {
            Assert.Skip($"PocketSphinx unavailable: {reason}");
        }

        return [.. SentenceIds.Select(id => corpus[id])];
    }

    private static async Task<List<LiveTranscriptionEvent>> CollectAsync(LiveTranscriber live, CancellationToken cancellationToken) =>
        await CollectAsync(live, [], cancellationToken);

    private static async Task<List<LiveTranscriptionEvent>> CollectAsync(LiveTranscriber live, List<LiveTranscriptionEvent> events, CancellationToken cancellationToken)
    {
        await Task.Yield();
        await foreach (var e in live.ReadEventsAsync(cancellationToken))
        {
            lock (events)
            {
                events.Add(e);
            }
        }

        return events;
    }

    private static async Task WaitForFinalsAsync(List<LiveTranscriptionEvent> events, int count, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            lock (events)
            {
                if (events.OfType<LiveFinalTranscript>().Count() >= count)
                {
                    return;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"final {count} did not arrive");
            await Task.Delay(20, cancellationToken);
        }
    }
}
