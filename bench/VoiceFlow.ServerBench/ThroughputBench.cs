using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace VoiceFlow.ServerBench;

/// <summary>
/// Requests per minute and mean / 95th-percentile latency for 1, 2 and 4 concurrent clients posting a 5 s file, and
/// the streaming latency from the last audio frame to the <c>final</c> event.
/// </summary>
internal static class ThroughputBench
{
    public static async Task<int> RunAsync(Uri server, string? apiKey, int[] clientCounts, TimeSpan perLevel, int streams, string? jsonPath, CancellationToken cancellationToken)
    {
        byte[] audio = BenchAudio.SpeechWav(5.0);
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromMinutes(5) };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        }

        // Warm-up: the first request pays for JIT and the first decoder.
        (await http.PostAsync("/v1/audio/transcriptions", Multipart.Transcription(audio), cancellationToken).ConfigureAwait(false)).EnsureSuccessStatusCode();

        var levels = new List<LevelResult>();
        foreach (int clients in clientCounts)
        {
            var level = await RunLevelAsync(http, audio, clients, perLevel, cancellationToken).ConfigureAwait(false);
            levels.Add(level);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{clients} client(s): {level.Requests} requests in {level.Seconds:0.0} s = {level.RequestsPerMinute:0.0}/min, mean {level.MeanMs:0} ms, p95 {level.P95Ms:0} ms, errors {level.Errors}"));
        }

        var streamLatencies = new List<double>();
        var sentence = BenchAudio.Sentences()[0];
        for (int i = 0; i < streams; i++)
        {
            await using var client = new StreamingClient();
            await client.ConnectAsync(new UriBuilder(server) { Scheme = server.Scheme == "https" ? "wss" : "ws", Path = "/v1/stream" }.Uri, apiKey, cancellationToken).ConfigureAwait(false);
            await client.SendAsync(sentence.LoadSamples(), realtime: true, cancellationToken).ConfigureAwait(false);
            await client.StopAsync(TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
            var final = client.Events.LastOrDefault(e => e.Type == "final");
            if (final is not null)
            {
                streamLatencies.Add(Stopwatch.GetElapsedTime(client.LastFrameTimestamp, final.ReceivedTimestamp).TotalMilliseconds);
            }
        }

        if (streamLatencies.Count > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"streaming: last frame -> final: mean {streamLatencies.Average():0} ms, max {streamLatencies.Max():0} ms over {streamLatencies.Count} stream(s)"));
        }

        double? scaling = levels.Count >= 2 && levels[0].RequestsPerMinute > 0 ? levels[1].RequestsPerMinute / levels[0].RequestsPerMinute : null;
        if (scaling is { } s)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"throughput {levels[1].Clients} vs {levels[0].Clients} client(s): {s:0.00}x"));
        }

        if (jsonPath is not null)
        {
            var report = new
            {
                machine = new { cores = Environment.ProcessorCount, runtime = Environment.Version.ToString() },
                audio_seconds = 5.0,
                levels = levels.Select(l => new { clients = l.Clients, requests = l.Requests, errors = l.Errors, seconds = l.Seconds, requests_per_minute = l.RequestsPerMinute, mean_ms = l.MeanMs, p95_ms = l.P95Ms }),
                scaling_2_vs_1 = scaling,
                stream_final_latency_ms = streamLatencies,
            };
            await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }) + "\n", cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"wrote {jsonPath}");
        }

        return levels.Any(l => l.Requests == 0) ? 1 : 0;
    }

    private static async Task<LevelResult> RunLevelAsync(HttpClient http, byte[] audio, int clients, TimeSpan duration, CancellationToken cancellationToken)
    {
        var latencies = new List<double>();
        int errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                long started = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync("/v1/audio/transcriptions", Multipart.Transcription(audio), cancellationToken).ConfigureAwait(false);
                await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                double ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (latencies)
                {
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        latencies.Add(ms);
                    }
                    else
                    {
                        errors++;
                    }
                }
            }
        })).ConfigureAwait(false);
        double seconds = clock.Elapsed.TotalSeconds;
        latencies.Sort();
        return new LevelResult(
            clients,
            latencies.Count,
            errors,
            Math.Round(seconds, 2),
            Math.Round(latencies.Count / seconds * 60, 1),
            latencies.Count == 0 ? 0 : Math.Round(latencies.Average(), 1),
            latencies.Count == 0 ? 0 : Math.Round(latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(0.95 * latencies.Count) - 1)], 1));
    }

    private sealed record LevelResult(int Clients, int Requests, int Errors, double Seconds, double RequestsPerMinute, double MeanMs, double P95Ms);
}
