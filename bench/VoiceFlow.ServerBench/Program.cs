using System.Globalization;
using VoiceFlow.ServerBench;

// Server benchmark and load run against a running `voiceflow serve` (scripts/bench-server and scripts/load start one):
//   throughput --url URL [--clients 1,2,4] [--seconds 30] [--streams 3] [--json FILE] [--api-key KEY]
//   load --url URL [--count 200] [--max-upload-bytes N] [--server-pid PID] [--json FILE] [--api-key KEY]
//   realtime --url URL [--sessions 5] [--json FILE] [--api-key KEY]
if (args.Length == 0 || args[0] is not ("throughput" or "load" or "realtime"))
{
    Console.Error.WriteLine("usage: VoiceFlow.ServerBench throughput|load|realtime --url URL [options] (see scripts/bench-server, scripts/load)");
    return 2;
}

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var url = new Uri(Option("--url") ?? "http://127.0.0.1:8765");
string? apiKey = Option("--api-key") ?? Environment.GetEnvironmentVariable("VOICEFLOW_API_KEY");
string? json = Option("--json");
using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(30));
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

if (args[0] == "throughput")
{
    int[] clients = [.. (Option("--clients") ?? "1,2,4").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture))];
    var seconds = TimeSpan.FromSeconds(double.Parse(Option("--seconds") ?? "30", CultureInfo.InvariantCulture));
    int streams = int.Parse(Option("--streams") ?? "3", CultureInfo.InvariantCulture);
    return await ThroughputBench.RunAsync(url, apiKey, clients, seconds, streams, json, cancel.Token);
}

if (args[0] == "realtime")
{
    return await RealtimeLatencyBench.RunAsync(url, apiKey, int.Parse(Option("--sessions") ?? "5", CultureInfo.InvariantCulture), json, cancel.Token);
}

int count = int.Parse(Option("--count") ?? "200", CultureInfo.InvariantCulture);
long maxUpload = long.Parse(Option("--max-upload-bytes") ?? (25 * 1024 * 1024).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
int? pid = Option("--server-pid") is { } p ? int.Parse(p, CultureInfo.InvariantCulture) : null;
long? rssBefore = pid is { } before ? Rss.Of(before) : null;
var report = await LoadRun.RunAsync(url, apiKey, count, maxUpload, BenchAudio.Sentences(), cancel.Token);
long? rssAfter = pid is { } after ? Rss.Of(after) : null;
Console.WriteLine($"load: {count} concurrent requests");
Console.WriteLine(report.Describe());
if (rssBefore is not null)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"server RSS: {rssBefore / 1024.0:0.0} MiB before, {rssAfter / 1024.0:0.0} MiB after"));
}

if (json is not null)
{
    var data = new { count, answers = report.Answers, lost = report.Lost, mixed_up = report.MixedUp, wrong_text = report.WrongText, missing_retry_after = report.MissingRetryAfter, healthy_after = report.HealthyAfter, rss_kib_before = rssBefore, rss_kib_after = rssAfter, passed = report.Passed };
    await File.WriteAllTextAsync(json, System.Text.Json.JsonSerializer.Serialize(data, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
    Console.WriteLine($"wrote {json}");
}

Console.WriteLine(report.Passed ? "load: PASS" : "load: FAIL");
return report.Passed ? 0 : 1;
