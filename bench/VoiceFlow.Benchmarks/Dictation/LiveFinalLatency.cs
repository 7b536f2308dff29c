using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Streaming;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Evaluation.Corpus;
using VoiceFlow.PocketSphinx;

namespace VoiceFlow.Benchmarks.Dictation;

/// <summary>
/// <c>live-final-latency [--durations 3,10,30] [--repeats 3] [--partial-interval S] [--json PATH]</c>: the live transcriber of <c>listen</c>,
/// <c>/v1/stream</c> and the realtime server VAD (<see cref="LiveTranscriber"/>, PocketSphinx, the configuration's
/// defaults), fed one utterance of 3, 10 and 30 s of corpus speech (sentences back to back, no pause long enough to end
/// the utterance) at real-time pace in 20 ms blocks, then silence. Measured: from the moment the transcriber reports the
/// end of speech (its utterance-ended boundary) to its final, with decoding during speech (decode_while_recording) and
/// without (the utterance decoded whole after its end), in alternation. In process: no socket or client in the figure.
/// Partials (listen_partial_interval_seconds, 0.6 s by default; 0 for none): decoded during speech, the stream's own
/// hypothesis; decoded at the end, a re-decode of the utterance so far on a second decoder, as before.
/// </summary>
internal static class LiveFinalLatency
{
    private const int BlockSamples = 320;

    public static async Task<int> RunAsync(string[] args)
    {
        var durations = (Option(args, "--durations") ?? "3,10,30").Split(',').Select(d => double.Parse(d, CultureInfo.InvariantCulture)).ToArray();
        int repeats = int.Parse(Option(args, "--repeats") ?? "3", CultureInfo.InvariantCulture);
        string? jsonPath = Option(args, "--json");
        var config = new VoiceFlowOptions();
        var partials = TimeSpan.FromSeconds(double.Parse(Option(args, "--partial-interval") ?? config.ListenPartialIntervalSeconds.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        await using var factory = PocketSphinxEngineFactory.Load();
        await using var service = new TranscriptionService(factory, new VoiceFlowOptions());
        var results = new List<LatencyResult>();
        Console.WriteLine($"live final latency, PocketSphinx ({factory.ModelName}); {repeats} repeats; partials every {partials.TotalSeconds} s; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        // Warm both paths up (compilation, first-use allocations) outside the figures.
        var warm = Utterance(3);
        _ = await MeasureAsync(service, warm, partials, decodeDuringSpeech: true);
        _ = await MeasureAsync(service, warm, partials, decodeDuringSpeech: false);
        foreach (double duration in durations)
        {
            var speech = Utterance(duration);
            var during = new List<Sample>();
            var atEnd = new List<Sample>();
            for (int i = 0; i < repeats; i++)
            {
                during.Add(await MeasureAsync(service, speech, partials, decodeDuringSpeech: true));
                atEnd.Add(await MeasureAsync(service, speech, partials, decodeDuringSpeech: false));
            }

            foreach (var (label, samples) in new[] { ("decoded during speech", during), ("decoded at the end", atEnd) })
            {
                var result = LatencyResult.From("pocketsphinx", factory.ModelName, duration, samples) with { Label = label };
                results.Add(result);
                Console.WriteLine(result.Describe());
            }
        }

        if (jsonPath is not null)
        {
            await LatencyReport.WriteAsync(jsonPath, repeats, results);
        }

        return 0;
    }

    /// <summary>One utterance fed at real-time pace, then 1.5 s of silence: end of speech reported → final.</summary>
    private static async Task<Sample> MeasureAsync(TranscriptionService service, float[] speech, TimeSpan partials, bool decodeDuringSpeech)
    {
        var options = LiveTranscriberOptions.From(new VoiceFlowOptions()) with
        {
            MaxUtterance = TimeSpan.FromSeconds(60),
            PartialInterval = partials,
            ReportUtteranceBoundaries = true,
            DecodeDuringSpeech = decodeDuringSpeech,
        };
        await using var live = new LiveTranscriber(service, options);
        long ended = 0;
        long final = 0;
        string text = "";
        var reading = Task.Run(async () =>
        {
            await foreach (var e in live.ReadEventsAsync())
            {
                long now = Stopwatch.GetTimestamp();
                if (e is LiveUtteranceBoundary { Kind: LiveUtteranceBoundaryKind.Ended } && ended == 0)
                {
                    ended = now;
                }
                else if (e is LiveFinalTranscript && final == 0)
                {
                    final = now;
                    text = e.Text;
                }
            }
        });

        float[] audio = [.. new float[AudioFormat.RecognizerSampleRate / 2], .. speech, .. new float[AudioFormat.RecognizerSampleRate * 3 / 2]];
        var clock = Stopwatch.StartNew();
        for (int offset = 0; offset < audio.Length; offset += BlockSamples)
        {
            live.Feed(audio.AsSpan(offset, Math.Min(BlockSamples, audio.Length - offset)));
            var due = AudioFormat.DurationOf(offset + BlockSamples) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }
        }

        live.Complete();
        await reading;
        if (ended == 0 || final == 0)
        {
            throw new InvalidOperationException($"no end of speech or no final (text '{text}')");
        }

        return new Sample(Stopwatch.GetElapsedTime(ended, final).TotalSeconds, speech.Length / (double)AudioFormat.RecognizerSampleRate, text);
    }

    /// <summary>Clean corpus sentences back to back (their own edges of silence, well under the 500 ms that ends an utterance), cut to length.</summary>
    private static float[] Utterance(double seconds)
    {
        var corpus = SpeechCorpus.EnsureBuilt();
        int length = (int)Math.Round(seconds * AudioFormat.RecognizerSampleRate);
        var samples = new List<float>(length);
        while (samples.Count < length)
        {
            foreach (var item in corpus.OfKind(CorpusItemKind.Clean).Where(i => i.Voice is "rms" or "awb"))
            {
                samples.AddRange(item.LoadSamples().Take(length - samples.Count));
                if (samples.Count >= length)
                {
                    break;
                }
            }
        }

        return [.. samples];
    }

    private static string? Option(string[] args, string name)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
