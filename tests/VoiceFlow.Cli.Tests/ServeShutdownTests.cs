using System.Diagnostics;
using System.Net;
using System.Text.Json;
using VoiceFlow.Tests.Shared;

namespace VoiceFlow.Cli.Tests;

/// <summary>
/// <c>voiceflow serve</c> as a process, stopped with SIGTERM while an upload is in flight: exactly as the README says,
/// new requests (on new connections too) get 503 with Retry-After while the running one finishes and is answered.
/// </summary>
public class ServeShutdownTests
{
    private static readonly string Sample = Path.Combine(SharedFolder.RepositoryRoot, "samples", "hello.wav");

    [Fact]
    public async Task Sigterm_drains_a_long_upload_in_flight_and_answers_new_requests_with_503()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var ct = TestContext.Current.CancellationToken;
        using var data = new TempFolder();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in (string[])["exec", Path.Combine(AppContext.BaseDirectory, "voiceflow.dll"), "serve", "--engine", "pocketsphinx", "--urls", "http://127.0.0.1:0"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["XDG_DATA_HOME"] = data.Path;
        start.Environment["XDG_CONFIG_HOME"] = data.Sub("config");
        using var server = Process.Start(start)!;
        var stderr = server.StandardError.ReadToEndAsync(ct);
        try
        {
            string banner = await server.StandardOutput.ReadLineAsync(ct).AsTask().WaitAsync(TimeSpan.FromMinutes(2), ct) ?? "";
            var address = new Uri(banner.Split(' ')[3]);
            using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };

            // A long upload: half of its body now, the rest only when the test says so.
            using var form = new MultipartFormDataContent { { new ByteArrayContent(await File.ReadAllBytesAsync(Sample, ct)), "file", "hello.wav" } };
            byte[] body = await form.ReadAsByteArrayAsync(ct);
            var gate = new TaskCompletionSource();
            using var slow = new GatedContent(body, body.Length / 2, gate.Task, form.Headers.ContentType!);
            var upload = client.PostAsync("/v1/audio/transcriptions", slow, ct);
            await WaitUntilAsync(async () => await ActiveRequestsAsync(address, ct) == 1, ct);

            using (var kill = Process.Start("kill", ["-TERM", server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(ct);
            }

            // A new connection during the drain: 503 with Retry-After, never a refused connection.
            HttpResponseMessage? refused = null;
            await WaitUntilAsync(async () =>
            {
                using var fresh = new HttpClient { BaseAddress = address };
                using var second = new MultipartFormDataContent { { new ByteArrayContent(await File.ReadAllBytesAsync(Sample, ct)), "file", "hello.wav" } };
                refused = await fresh.PostAsync("/v1/audio/transcriptions", second, ct);
                return refused.StatusCode == HttpStatusCode.ServiceUnavailable;
            }, ct);
            Assert.NotNull(refused!.Headers.RetryAfter);
            Assert.Contains("shutting down", await refused.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

            gate.SetResult();
            var response = await upload;
            string json = await response.Content.ReadAsStringAsync(ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, json);
            using var result = JsonDocument.Parse(json);
            Assert.Contains("noon", result.RootElement.GetProperty("text").GetString(), StringComparison.OrdinalIgnoreCase);

            await server.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromMinutes(1), ct);
            Assert.True(server.ExitCode == 0, await stderr);
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task<int> ActiveRequestsAsync(Uri address, CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = address };
        using var health = JsonDocument.Parse(await client.GetStringAsync("/health", ct));
        return health.RootElement.GetProperty("active_requests").GetInt32();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within a minute");
            await Task.Delay(50, ct);
        }
    }

    /// <summary>A request body sent in two parts: the second only once <paramref name="gate"/> completes.</summary>
    private sealed class GatedContent : HttpContent
    {
        private readonly byte[] _body;
        private readonly int _first;
        private readonly Task _gate;

        public GatedContent(byte[] body, int first, Task gate, System.Net.Http.Headers.MediaTypeHeaderValue contentType)
        {
            _body = body;
            _first = first;
            _gate = gate;
            Headers.ContentType = contentType;
            Headers.ContentLength = body.Length;
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_body.AsMemory(0, _first));
            await stream.FlushAsync();
            await _gate;
            await stream.WriteAsync(_body.AsMemory(_first));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _body.Length;
            return true;
        }
    }
}
