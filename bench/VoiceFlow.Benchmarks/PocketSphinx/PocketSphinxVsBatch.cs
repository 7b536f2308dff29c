using System.Diagnostics;
using System.Globalization;
using VoiceFlow.Core.Engines;
using VoiceFlow.PocketSphinx;
using VoiceFlow.PocketSphinx.Tests.Support;

namespace VoiceFlow.Benchmarks.PocketSphinx;

/// <summary>
/// <c>--pocketsphinx-vs-batch [--repeat N] [--data DIR]</c>: decodes the same WAV files with Debian's
/// <c>pocketsphinx_batch</c> (one process, one control file) and with the VoiceFlow engine (one factory,
/// one processor), same model and search settings, and prints load and decode times and their ratio.
/// Both decode the whole file as one utterance with batch CMN, so the hypotheses must be identical too.
/// </summary>
internal static class PocketSphinxVsBatch
{
    public const string Flag = "--pocketsphinx-vs-batch";

    public static async Task<int> RunAsync(string[] args)
    {
        var repeat = int.Parse(Option(args, "--repeat") ?? "3", CultureInfo.InvariantCulture);
        var dataDirectory = Option(args, "--data") ?? "/usr/share/pocketsphinx/test/data/librivox";
        var ids = File.ReadLines(Path.Combine(dataDirectory, "fileids")).Where(l => l.Trim().Length > 0).ToArray();
        var corpus = Enumerable.Repeat(ids, repeat).SelectMany(x => x).ToArray();
        var audio = ids.ToDictionary(id => id, id => PcmFile.ReadSamples(Path.Combine(dataDirectory, id + ".wav")), StringComparer.Ordinal);
        var speechSeconds = corpus.Sum(id => audio[id].Length / 16_000.0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"corpus: {corpus.Length} utterances, {speechSeconds:F1} s of speech ({ids.Length} files x {repeat})"));

        // Rounds alternate which side runs first, so drift in machine speed falls on both; the median ratio is reported.
        var rounds = int.Parse(Option(args, "--rounds") ?? "3", CultureInfo.InvariantCulture);
        var decodeRatios = new List<double>();
        var totalRatios = new List<double>();
        var mismatches = 0;
        Console.WriteLine("round  side                  load (s)   decode (s)   decode xRT   total (s)");
        for (var round = 1; round <= rounds; round++)
        {
            RunResult batch, engine;
            if (round % 2 == 1)
            {
                batch = await RunBatchAsync(dataDirectory, corpus);
                engine = await RunEngineAsync(corpus, audio);
            }
            else
            {
                engine = await RunEngineAsync(corpus, audio);
                batch = await RunBatchAsync(dataDirectory, corpus);
            }

            mismatches = Math.Max(mismatches, corpus.Distinct().Count(id => batch.Hypotheses[id] != engine.Hypotheses[id]));
            Print(round, "pocketsphinx_batch", batch, speechSeconds);
            Print(round, "VoiceFlow engine", engine, speechSeconds);
            decodeRatios.Add(engine.DecodeSeconds / batch.DecodeSeconds);
            totalRatios.Add((engine.LoadSeconds + engine.DecodeSeconds) / (batch.LoadSeconds + batch.DecodeSeconds));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"working set added by one decoder (model copy): {engine.DecoderBytes / (1024.0 * 1024):F0} MiB"));
        }

        // batch's own "decode" clock stops at ps_end_utt; the engine's also covers the best-path search, word
        // segments and posteriors it returns, so the whole-process ratio is the fair one.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median decode ratio engine/batch: {Median(decodeRatios):F3}; median whole-run ratio (load + decode): {Median(totalRatios):F3}   (1.00 = no overhead)"));
        Console.WriteLine($"hypotheses differing from pocketsphinx_batch: {mismatches} of {ids.Length}");
        return mismatches == 0 ? 0 : 1;
    }

    private static async Task<RunResult> RunBatchAsync(string dataDirectory, string[] corpus)
    {
        var work = Directory.CreateTempSubdirectory("voiceflow-bench-psbatch-");
        try
        {
            var ctl = Path.Combine(work.FullName, "corpus.ctl");
            var hyp = Path.Combine(work.FullName, "out.hyp");
            var log = Path.Combine(work.FullName, "log.txt");
            await File.WriteAllLinesAsync(ctl, corpus);
            var model = PocketSphinxOptions.DefaultModelDirectory;
            var start = new ProcessStartInfo("pocketsphinx_batch") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in (string[])[
                "-adcin", "yes", "-adchdr", "44", "-cepext", ".wav", "-cepdir", dataDirectory, "-ctl", ctl, "-hyp", hyp, "-logfn", log,
                "-hmm", Path.Combine(model, "en-us"), "-dict", Path.Combine(model, "cmudict-en-us.dict"), "-lm", Path.Combine(model, "en-us.lm.bin"),
            ])
            {
                start.ArgumentList.Add(arg);
            }

            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            await process.WaitForExitAsync();
            var total = clock.Elapsed.TotalSeconds;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"pocketsphinx_batch exited with {process.ExitCode}; see {log}");
            }

            // batch.c ends with "TOTAL <speech> seconds speech, <cpu> seconds CPU, <wall> seconds wall": its decode time.
            var totalLine = File.ReadLines(log).Last(l => l.Contains("TOTAL", StringComparison.Ordinal) && l.Contains("seconds wall", StringComparison.Ordinal));
            var parts = totalLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var decode = double.Parse(parts[Array.IndexOf(parts, "wall") - 2], CultureInfo.InvariantCulture);
            var hypotheses = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var line in File.ReadLines(hyp))
            {
                var open = line.LastIndexOf('(');
                hypotheses[line[(open + 1)..].Split(' ')[0]] = line[..open].Trim();
            }

            return new RunResult(total - decode, decode, hypotheses, 0);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<RunResult> RunEngineAsync(string[] corpus, Dictionary<string, float[]> audio)
    {
        var before = Environment.WorkingSet;
        var clock = Stopwatch.StartNew();
        await using var factory = await new PocketSphinxEngineProvider().LoadAsync(null);
        var load = clock.Elapsed.TotalSeconds;
        var decoderBytes = Environment.WorkingSet - before;

        var hypotheses = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var processor = factory.CreateBuilder().Build();
        clock.Restart();
        foreach (var id in corpus)
        {
            var texts = new List<string>();
            await foreach (var segment in processor.ProcessAsync(audio[id]))
            {
                texts.Add(segment.Text);
            }

            hypotheses[id] = string.Join(' ', texts);
        }

        return new RunResult(load, clock.Elapsed.TotalSeconds, hypotheses, decoderBytes);
    }

    private static void Print(int round, string name, RunResult run, double speech) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{round,5}  {name,-20} {run.LoadSeconds,10:F2} {run.DecodeSeconds,12:F2} {run.DecodeSeconds / speech,12:F3} {run.LoadSeconds + run.DecodeSeconds,11:F2}"));

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private sealed record RunResult(double LoadSeconds, double DecodeSeconds, Dictionary<string, string> Hypotheses, long DecoderBytes);
}
