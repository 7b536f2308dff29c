using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using VoiceFlow.Evaluation.Corpus;
using VoiceFlow.Evaluation.Text;

namespace VoiceFlow.ServerBench;

/// <summary>What a load run saw.</summary>
internal sealed record LoadReport(
    IReadOnlyDictionary<string, int> Answers,
    int Lost,
    int MixedUp,
    int WrongText,
    int MissingRetryAfter,
    bool HealthyAfter,
    IReadOnlyList<string> Problems)
{
    /// <summary>Every request answered, none with another request's text, throttling always with Retry-After, server up.</summary>
    public bool Passed => Lost == 0 && MixedUp == 0 && MissingRetryAfter == 0 && HealthyAfter;

    public string Describe() =>
        $"answers: {string.Join(", ", Answers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"))}; " +
        $"lost {Lost}, mixed-up {MixedUp}, wrong text {WrongText}, 429/503 without Retry-After {MissingRetryAfter}, healthy after: {HealthyAfter}" +
        (Problems.Count == 0 ? "" : "\n  " + string.Join("\n  ", Problems.Take(10)));
}

/// <summary>
/// Many concurrent mixed requests against a running server: valid uploads (each a different sentence), oversized
/// uploads, malformed uploads, and WebSocket streams that drop the connection mid-utterance. Each valid answer is
/// checked against its own sentence (a transcript closer to another request's sentence counts as mixed up).
/// </summary>
internal static class LoadRun
{
    /// <summary>A transcript with a word error rate above this against its own sentence counts as wrong.</summary>
    public const double MaxWordErrorRate = 0.5;

    public static async Task<LoadReport> RunAsync(Uri server, string? apiKey, int count, long maxUploadBytes, IReadOnlyList<CorpusItem> sentences, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sentences.Count, 2);
        var answers = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var problems = new ConcurrentQueue<string>();
        int lost = 0, mixedUp = 0, wrong = 0, missingRetryAfter = 0;
        var wavs = sentences.Select(s => File.ReadAllBytes(s.Path)).ToArray();
        byte[] oversized = new byte[maxUploadBytes + (maxUploadBytes / 2) + 1];
        wavs[0].CopyTo(oversized, 0);
        byte[] malformed = Encoding.UTF8.GetBytes("RIFF\u0010\u0000\u0000\u0000WAVEfmt this is not a wave file at all");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024 }) { BaseAddress = server, Timeout = TimeSpan.FromMinutes(5) };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        }

        void Count(string answer) => answers.AddOrUpdate(answer, 1, (_, n) => n + 1);

        async Task UploadAsync(int index, byte[] body, string kind)
        {
            try
            {
                using var response = await http.PostAsync("/v1/audio/transcriptions", Multipart.Transcription(body, $"{kind}-{index}.wav"), cancellationToken).ConfigureAwait(false);
                string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                int status = (int)response.StatusCode;
                Count($"{kind}:{status}");
                if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is null)
                {
                    Interlocked.Increment(ref missingRetryAfter);
                }

                if (kind == "valid" && response.StatusCode == HttpStatusCode.OK)
                {
                    CheckTranscript(index, JsonDocument.Parse(text).RootElement.GetProperty("text").GetString() ?? "");
                }
                else if (kind != "valid" && response.StatusCode == HttpStatusCode.OK)
                {
                    problems.Enqueue($"{kind} upload {index} was accepted: {text}");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                Interlocked.Increment(ref lost);
                problems.Enqueue($"{kind} upload {index}: no answer ({ex.GetType().Name}: {ex.Message})");
            }
        }

        void CheckTranscript(int index, string hypothesis)
        {
            int own = index % sentences.Count;
            double ownRate = WordErrorRate.Compute(sentences[own].ReferenceText, hypothesis).Rate;
            if (ownRate <= MaxWordErrorRate)
            {
                return;
            }

            bool closerToAnother = sentences.Where((_, j) => j != own).Any(s => WordErrorRate.Compute(s.ReferenceText, hypothesis).Rate < ownRate);
            Interlocked.Increment(ref closerToAnother ? ref mixedUp : ref wrong);
            problems.Enqueue($"request {index}: '{hypothesis}' for '{sentences[own].ReferenceText}' (WER {ownRate:0.00}{(closerToAnother ? ", closer to another request's sentence" : "")})");
        }

        async Task StreamAndDropAsync(int index)
        {
            var samples = sentences[index % sentences.Count].LoadSamples();
            await using var client = new StreamingClient();
            try
            {
                await client.ConnectAsync(new UriBuilder(server) { Scheme = "ws", Path = "/v1/stream" }.Uri, apiKey, cancellationToken).ConfigureAwait(false);
                await client.SendAsync(samples.AsMemory(0, samples.Length / 2), realtime: false, cancellationToken).ConfigureAwait(false);
                client.Abort();
                Count("stream:dropped");
            }
            catch (WebSocketException ex) when (ex.WebSocketErrorCode == WebSocketError.NotAWebSocket)
            {
                Count("stream:refused"); // 429/503 before the upgrade
            }
            catch (WebSocketException ex)
            {
                Interlocked.Increment(ref lost);
                problems.Enqueue($"stream {index}: {ex.Message}");
            }
        }

        var tasks = new List<Task>(count);
        for (int i = 0; i < count; i++)
        {
            int index = i;
            tasks.Add((i % 10) switch
            {
                < 5 => UploadAsync(index, wavs[index % wavs.Length], "valid"),
                5 or 6 => UploadAsync(index, oversized, "oversized"),
                7 => UploadAsync(index, malformed, "malformed"),
                _ => StreamAndDropAsync(index),
            });
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);

        bool healthy;
        try
        {
            using var health = await http.GetAsync("/health", cancellationToken).ConfigureAwait(false);
            using var after = await http.PostAsync("/v1/audio/transcriptions", Multipart.Transcription(wavs[1]), cancellationToken).ConfigureAwait(false);
            healthy = health.StatusCode == HttpStatusCode.OK && after.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException ex)
        {
            healthy = false;
            problems.Enqueue($"server not healthy after the run: {ex.Message}");
        }

        return new LoadReport(answers, lost, mixedUp, wrong, missingRetryAfter, healthy, [.. problems]);
    }
}
