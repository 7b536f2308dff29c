using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text.Json;
using VoiceFlow.Core.Audio;
using VoiceFlow.Evaluation.Corpus;
using VoiceFlow.Dictation;
using VoiceFlow.Dictation.Ipc;
using VoiceFlow.Dictation.Protocol;

namespace VoiceFlow.Benchmarks.Dictation;

/// <summary>
/// <c>dictation-latency --cli voiceflow.dll [--client PATH] [--engines pocketsphinx,whisper] [--whisper-model PATH]
/// [--durations 3,10,30] [--repeats N] [--json PATH] [--budget-seconds S] [--daemon-verbose] [--release-gap-ms MS]</c>: end-to-end dictation latency over a real
/// PulseAudio path, as a desktop shortcut sees it. For each engine it starts the real daemon (<c>voiceflow dictate
/// daemon --source vsink.monitor --output stdout</c>), and for each utterance: <c>begin</c>, <c>paplay</c> the
/// utterance into the null sink <c>vsink</c>, then the moment playback finishes starts the client process that runs
/// <c>end</c> (<c>--client</c>: the native voiceflow-dictate, or the launcher; default: <c>dotnet voiceflow.dll
/// dictate</c>); the latency is from that process's start to its exit, which comes once the daemon has delivered the
/// text: client start-up + tail + the rest of the decode + post-processing + delivery (history is written after).
/// Also measured: the first dictation after the daemon's start (shortest utterance), and the client's own cost (a
/// <c>status</c> round trip from process start to exit). The PulseAudio server is the caller's (scripts/bench-dictation
/// starts one and sets PULSE_SERVER). <c>--daemon-verbose</c> runs the daemon with <c>--verbose</c>: its debug log on
/// stderr says, per dictation, how many ms after <c>end</c> the tail, the stream's end, the job and the delivery finished.
/// <para>
/// Each utterance is speech up to its last sample, so <c>end</c> comes as the last word stops (a release gap of 0).
/// <c>--release-gap-ms</c> appends that much silence to each utterance (played before <c>end</c>, not counted in the
/// latency): the pause a user leaves between the last word and releasing the key, which a speculative Whisper phrase
/// decode (speculative_phrase_decode) uses.
/// </para>
/// </summary>
[SupportedOSPlatform("linux")]
internal static class DictationLatency
{
    public static async Task<int> RunAsync(string[] args)
    {
        string cli = Option(args, "--cli") ?? throw new ArgumentException("--cli PATH (voiceflow.dll) is required");
        var engines = (Option(args, "--engines") ?? "pocketsphinx").Split(',', StringSplitOptions.RemoveEmptyEntries);
        string? clientPath = Option(args, "--client");
        var durations = (Option(args, "--durations") ?? "3,10,30").Split(',').Select(d => double.Parse(d, CultureInfo.InvariantCulture)).ToArray();
        int repeats = int.Parse(Option(args, "--repeats") ?? "5", CultureInfo.InvariantCulture);
        string? whisperModel = Option(args, "--whisper-model");
        string? jsonPath = Option(args, "--json");
        var budget = TimeSpan.FromSeconds(double.Parse(Option(args, "--budget-seconds") ?? "900", CultureInfo.InvariantCulture));
        string[] daemonFlags = args.Contains("--daemon-verbose") ? ["--verbose"] : [];
        int releaseGapMs = int.Parse(Option(args, "--release-gap-ms") ?? "0", CultureInfo.InvariantCulture);
        if (releaseGapMs is < 0 or > 10_000)
        {
            throw new ArgumentException("--release-gap-ms must be between 0 and 10000");
        }

        var clock = Stopwatch.StartNew();

        string work = Directory.CreateTempSubdirectory("vf-bench-dictation-").FullName;
        try
        {
            var utterances = durations.ToDictionary(d => d, d => MakeUtterance(work, d, releaseGapMs));
            var results = new List<LatencyResult>();
            foreach (string engine in engines)
            {
                if (engine == "whisper" && whisperModel is null)
                {
                    Console.WriteLine("whisper: skipped (no --whisper-model)");
                    continue;
                }

                string[] engineArgs = engine == "whisper" ? ["--engine", "whisper", "--model", whisperModel!, .. daemonFlags] : ["--engine", engine, .. daemonFlags];
                await using var daemon = await BenchDaemon.StartAsync(cli, Path.Combine(work, engine), engineArgs);
                Console.WriteLine($"{engine}: daemon pid {daemon.Pid} ready ({daemon.Status.Engine}, {daemon.Status.Model})");
                var client = new ClientProcess(clientPath, cli, daemon.RuntimeDirectory);
                // The first dictation after start: warm at ready should make it as fast as the others.
                var first = LatencyResult.From(engine, daemon.Status.Model, durations.Min(), [await MeasureOnceAsync(daemon.Client, client, utterances[durations.Min()])]) with { Label = "first after start" };
                results.Add(first);
                Console.WriteLine(first.Describe());
                var own = new List<Sample>();
                for (int i = 0; i < Math.Max(repeats, 10); i++)
                {
                    own.Add(new Sample((await client.RunAsync(DictationCommands.Status)).TotalSeconds, 0, ""));
                }

                var overhead = LatencyResult.From(engine, daemon.Status.Model, 0, own) with { Label = "client status round trip" };
                results.Add(overhead);
                Console.WriteLine(overhead.Describe());
                foreach (double duration in durations)
                {
                    var samples = new List<Sample>();
                    for (int i = 0; i < repeats && clock.Elapsed < budget; i++)
                    {
                        samples.Add(await MeasureOnceAsync(daemon.Client, client, utterances[duration]));
                    }

                    var result = LatencyResult.From(engine, daemon.Status.Model, duration, samples);
                    results.Add(result);
                    Console.WriteLine(result.Describe());
                }
            }

            if (jsonPath is not null)
            {
                await LatencyReport.WriteAsync(jsonPath, repeats, results);
            }

            return results.Count > 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>begin, play, then an <c>end</c> client process: from its start to its exit is the latency.</summary>
    private static async Task<Sample> MeasureOnceAsync(DictationClient socket, ClientProcess client, string wav)
    {
        await socket.SendAsync(DictationCommands.Begin);
        await PlayAsync(wav);
        var latency = await client.RunAsync(DictationCommands.End, "--json");
        var ended = DictationWire.ParseResponse(System.Text.Encoding.UTF8.GetBytes(client.LastOutput.Trim()));
        return new Sample(latency.TotalSeconds, ended.AudioSeconds ?? 0, ended.Text ?? "");
    }

    /// <summary>
    /// paplay returns when the sink has played the file: the moment the speaker stops. Its buffer is 100 ms, as in the
    /// tests' PulseAudio server: with 20 ms paplay underruns on a loaded machine and the sink inserts silence into the speech.
    /// </summary>
    private static async Task PlayAsync(string wav)
    {
        using var paplay = Process.Start(new ProcessStartInfo("paplay", ["--latency-msec=100", "-d", "vsink", wav]) { UseShellExecute = false })!;
        await paplay.WaitForExitAsync();
        if (paplay.ExitCode != 0)
        {
            throw new InvalidOperationException($"paplay failed with exit code {paplay.ExitCode}");
        }
    }

    /// <summary>
    /// Corpus sentences joined (0.3 s apart) and cut to exactly <paramref name="seconds"/> (speech to the last sample),
    /// then <paramref name="releaseGapMs"/> of silence.
    /// </summary>
    private static string MakeUtterance(string directory, double seconds, int releaseGapMs)
    {
        var corpus = SpeechCorpus.EnsureBuilt();
        int length = (int)Math.Round(seconds * AudioFormat.RecognizerSampleRate);
        var samples = new float[length + releaseGapMs * AudioFormat.RecognizerSampleRate / 1000];
        int filled = 0;
        foreach (var item in corpus.OfKind(CorpusItemKind.Clean).Where(i => i.Voice is "rms" or "awb"))
        {
            var sentence = item.LoadSamples();
            int take = Math.Min(sentence.Length, length - filled);
            sentence.AsSpan(0, take).CopyTo(samples.AsSpan(filled));
            filled += take + AudioFormat.RecognizerSampleRate * 3 / 10;
            if (filled >= length)
            {
                break;
            }
        }

        string path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"utterance-{seconds:0.#}s.wav"));
        WavWriter.Write(path, samples, AudioFormat.RecognizerSampleRate);
        return path;
    }

    private static string? Option(string[] args, string name)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
