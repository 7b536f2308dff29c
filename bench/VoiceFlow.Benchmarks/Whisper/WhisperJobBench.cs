using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Processes;
using VoiceFlow.Whisper.Decoding;
using VoiceFlow.Whisper.Model;

namespace VoiceFlow.Benchmarks.Whisper;

/// <summary>
/// Issue 12's job end to end: one model, one file, language en, no timestamps, no fallback, greedy and beam 5.
/// 1. Whole process: <c>voiceflow transcribe</c> (wall time, peak RSS), with <c>WHISPER_CPP_CLI</c> set also
///    whisper.cpp's <c>whisper-cli</c> on the same job, interleaved run by run, and the ratios of the medians;
///    then cold vs warm: the same file three times in one process, the first file's time against the third's.
/// 2. Warm in-process: load, mel, encode, prompt, decode ms per step and per token, and the loop's own time
///    (rules, sampling, beam bookkeeping), like <c>whisper_print_timings</c>; the first run of the process apart.
/// Usage: <c>whisper-job [--model M] [--audio WAV] [--runs N] [--threads T] [--beams 1,5] [--cli voiceflow]
/// [--cpp-extra "-nfa"] [--skip-process] [--skip-warm]</c>.
/// </summary>
internal static partial class WhisperJobBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var o = JobOptions.Parse(args);
        Console.WriteLine($"job: {Path.GetFileName(o.Model)} on {Path.GetFileName(o.Audio)}, {o.Threads} threads, en, no timestamps, no fallback; " +
            $"{o.Runs} runs; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; load average {LoadAverage()}");
        if (!o.SkipProcess)
        {
            WholeProcess(o);
        }

        if (!o.SkipWarm)
        {
            await WarmAsync(o);
        }

        return 0;
    }

    private static void WholeProcess(JobOptions o)
    {
        string? cpp = Environment.GetEnvironmentVariable("WHISPER_CPP_CLI");
        cpp = string.IsNullOrEmpty(cpp) ? null : cpp;
        Console.WriteLine();
        Console.WriteLine($"## Whole process (median of {o.Runs}; {o.Cli}{(cpp is null ? "; WHISPER_CPP_CLI not set" : "; " + cpp)})");
        Timed(o.Cli, Ours(o, 1, 1, quiet: true)); // builds the CLI if needed and warms the page cache; not counted
        var ours = o.Beams.ToDictionary(b => b, _ => new List<Run>());
        var theirs = o.Beams.ToDictionary(b => b, _ => new List<Run>());
        for (int r = 0; r < o.Runs; r++)
        {
            foreach (int beam in o.Beams)
            {
                ours[beam].Add(Timed(o.Cli, Ours(o, beam, 1, quiet: true)));
                if (cpp is not null)
                {
                    theirs[beam].Add(Timed(cpp, WhisperCpp(o, beam)));
                }
            }
        }

        Console.WriteLine("| beam | voiceflow s | peak RSS MB | whisper.cpp s | peak RSS MB | voiceflow speed / whisper.cpp speed | whisper.cpp decode ms/step |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (int beam in o.Beams)
        {
            double ourWall = Median(ours[beam].Select(x => x.Seconds)), ourRss = Median(ours[beam].Select(x => x.PeakRssMb));
            string cppCols = "| - | - | - | - |";
            if (theirs[beam].Count > 0)
            {
                double wall = Median(theirs[beam].Select(x => x.Seconds)), rss = Median(theirs[beam].Select(x => x.PeakRssMb));
                cppCols = Inv($"| {wall:F2} | {rss:F0} | {wall / ourWall:F2}x | {Median(theirs[beam].Select(x => CppDecodeMsPerRun(x.Error))):F2} |");
            }

            Console.WriteLine(Inv($"| {beam} | {ourWall:F2} | {ourRss:F0} ") + cppCols);
        }

        if (o.Beams.Count > 1)
        {
            double greedy = Median(ours[o.Beams[0]].Select(x => x.Seconds));
            foreach (int beam in o.Beams.Skip(1))
            {
                Console.WriteLine(Inv($"beam {beam} / beam {o.Beams[0]} whole-process time: {Median(ours[beam].Select(x => x.Seconds)) / greedy:F2}x"));
            }
        }

        // Cold vs warm: the same file three times in one process; the CLI reports each file's time ("... in X s").
        var first = new List<double>();
        var third = new List<double>();
        for (int r = 0; r < o.Runs; r++)
        {
            var files = FileSeconds(Timed(o.Cli, Ours(o, o.Beams[0], 3, quiet: false)).Error);
            if (files.Count == 3)
            {
                first.Add(files[0]);
                third.Add(files[2]);
            }
        }

        double cold = Median(first), warm = Median(third);
        Console.WriteLine(Inv($"cold vs warm (beam {o.Beams[0]}, one process, the file three times): first {cold:F2} s, third {warm:F2} s; first / third = {cold / warm:F2}x"));
    }

    /// <summary>Each file's time as the CLI reports it on stderr ("10.45 s of audio in 1.83 s").</summary>
    private static List<double> FileSeconds(string stderr) =>
        [.. FileLine().Matches(stderr).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];

    [GeneratedRegex(@"^\[whisper\] .* of audio in ([0-9.]+) s", RegexOptions.Multiline)]
    private static partial Regex FileLine();

    private static async Task WarmAsync(JobOptions o)
    {
        var audio = await AudioFileLoader.LoadMono16kAsync(o.Audio);
        float[] samples = audio.Samples.ToArray();
        Console.WriteLine();
        Console.WriteLine($"## In process ({o.Runs} warm runs after the first; ms; decode per step = one token for every beam)");
        Console.WriteLine("| beam | run | load | mel | encode | prompt | decode ms/step | ms/token | steps | loop (rules, sampling) | total |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (int beam in o.Beams)
        {
            long start = Stopwatch.GetTimestamp();
            using var timed = new TimedWhisperModel(WhisperModel.Load(o.Model));
            double load = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            var transcriber = new WhisperTranscriber(timed);
            var options = Options(o, beam);
            var warm = new List<double[]>();
            for (int r = 0; r <= o.Runs; r++)
            {
                timed.Reset();
                start = Stopwatch.GetTimestamp();
                transcriber.Transcribe(samples, options);
                double total = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                double[] row = [timed.MelMs, timed.EncodeMs, timed.PromptMs, timed.DecodeMs / Math.Max(1, timed.Steps),
                    timed.DecodeMs / Math.Max(1, timed.Tokens), timed.Steps, total - timed.ModelMs, total];
                if (r == 0)
                {
                    Console.WriteLine(Row(beam, "first", load, row));
                }
                else
                {
                    warm.Add(row);
                }
            }

            Console.WriteLine(Row(beam, "warm median", load, [.. Enumerable.Range(0, warm[0].Length).Select(i => Median(warm.Select(w => w[i])))]));
        }

        Console.WriteLine(Inv($"peak RSS of this process: {WhisperModelReport.PeakRssMb():F0} MB"));
    }

    private static string Row(int beam, string run, double load, double[] v) =>
        Inv($"| {beam} | {run} | {load:F0} | {v[0]:F1} | {v[1]:F1} | {v[2]:F1} | {v[3]:F2} | {v[4]:F2} | {v[5]:F0} | {v[6]:F1} | {v[7]:F0} |");

    private static WhisperDecodingOptions Options(JobOptions o, int beam) => new()
    {
        Language = "en",
        NoTimestamps = true,
        TemperatureIncrement = 0,
        Threads = o.Threads,
        Strategy = beam > 1 ? WhisperSamplingStrategy.BeamSearch : WhisperSamplingStrategy.Greedy,
        BeamSize = Math.Max(1, beam),
        BestOf = 1,
    };

    private static List<string> Ours(JobOptions o, int beam, int files, bool quiet)
    {
        List<string> a = ["transcribe", .. quiet ? ["-q"] : Array.Empty<string>(), "-e", "whisper", "-m", o.Model, "-l", "en", "-t", Inv($"{o.Threads}"), "--beam-size", Inv($"{beam}"),
            "--best-of", "1", "--no-fallback", "--no-timestamps", "--set", "vad_enabled=false", "--set", "history_enabled=false"];
        a.AddRange(Enumerable.Repeat(o.Audio, files));
        return a;
    }

    private static List<string> WhisperCpp(JobOptions o, int beam)
    {
        List<string> a = ["-m", o.Model, "-f", o.Audio, "-t", Inv($"{o.Threads}"), "-bs", Inv($"{beam}"), "-bo", "1", "-nf", "-nt", "-l", "en"];
        a.AddRange(o.CppExtra);
        return a;
    }

    private static Run Timed(string program, List<string> arguments)
    {
        string rssFile = Path.GetTempFileName();
        try
        {
            List<string> wrapped = ["-f", "%M", "-o", rssFile, program, .. arguments];
            long start = Stopwatch.GetTimestamp();
            var result = ExternalProcess.Run(new ExternalProcessRequest("/usr/bin/time", wrapped), CancellationToken.None);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"{program} exited with {result.ExitCode}: {result.FirstErrorLine}");
            }

            double rss = double.Parse(File.ReadAllText(rssFile).Trim().Split('\n')[^1], CultureInfo.InvariantCulture) / 1024;
            return new Run(seconds, rss, result.Error);
        }
        finally
        {
            File.Delete(rssFile);
        }
    }

    /// <summary>
    /// whisper.cpp's decoder time per step from its own timings: "decode time = X ms / N runs" (one token) plus
    /// "batchd time" (several tokens at once: the beams of a step, and the prompt), over both run counts; NaN when
    /// absent. With beam search whisper.cpp decodes every step as a batch, so decode alone would read 0.
    /// </summary>
    private static double CppDecodeMsPerRun(string stderr)
    {
        double ms = 0;
        int runs = 0;
        foreach (Match m in DecodeLine().Matches(stderr))
        {
            ms += double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            runs += int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        }

        return runs == 0 ? double.NaN : ms / runs;
    }

    [GeneratedRegex(@"(?:decode|batchd) time =\s*([0-9.]+) ms /\s*([0-9]+) runs")]
    private static partial Regex DecodeLine();

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private readonly record struct Run(double Seconds, double PeakRssMb, string Error);

    private sealed record JobOptions(string Model, string Audio, string Cli, int Runs, int Threads, List<int> Beams, List<string> CppExtra,
        bool SkipProcess, bool SkipWarm)
    {
        public static JobOptions Parse(string[] args)
        {
            string? fixtures = WhisperModelReport.FindFixtures();
            string? model = fixtures is null ? null : Path.Combine(fixtures, "models", "ggml-random-tiny.en-f16.bin");
            string? audio = fixtures is null ? null : Path.Combine(fixtures, "audio", "speech30_16k.wav");
            string? cli = RepositoryRoot() is { } root ? Path.Combine(root, "voiceflow") : null;
            int runs = 3, threads = 2;
            List<int> beams = [1, 5];
            List<string> extra = [];
            bool skipProcess = false, skipWarm = false;
            for (int i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--model": model = Path.GetFullPath(Next()); break;
                    case "--audio": audio = Path.GetFullPath(Next()); break;
                    case "--cli": cli = Path.GetFullPath(Next()); break;
                    case "--runs": runs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--threads": threads = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--beams": beams = [.. Next().Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture))]; break;
                    case "--cpp-extra": extra = [.. Next().Split(' ', StringSplitOptions.RemoveEmptyEntries)]; break;
                    case "--skip-process": skipProcess = true; break;
                    case "--skip-warm": skipWarm = true; break;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }

            if (model is null || audio is null || cli is null)
            {
                throw new ArgumentException("give --model, --audio and --cli (fixtures or repository not found)");
            }

            return new JobOptions(model, audio, cli, Math.Max(1, runs), threads, beams, extra, skipProcess, skipWarm);
        }

        private static string? RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "VoiceFlow.slnx")))
                {
                    return dir.FullName;
                }
            }

            return null;
        }
    }
}
