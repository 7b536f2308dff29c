using System.Buffers.Binary;
using System.Net.Security;
using System.Net.WebSockets;
using System.Text.Json;
using VoiceFlow.Server.Tests.Support;

namespace VoiceFlow.Server.Tests;

/// <summary>
/// The Realtime endpoint over TLS (<c>server_urls = https://…</c> with a certificate the test makes), for clients that
/// always dial wss:// — the official npm package's OpenAIRealtimeWS.
/// </summary>
public sealed class RealtimeTlsTests(EngineFixture engine)
{
    private const string Key = "tls-realtime-12345678";

    [Fact]
    public async Task The_openai_npm_realtime_client_transcribes_over_wss()
    {
        NpmClients.EnsureInstalled();
        using var certificate = new TestCertificate();
        await using var server = await StartTlsAsync(certificate);
        Assert.Equal("https", server.Address.Scheme);
        string pcm = Path.Combine(Path.GetTempPath(), $"voiceflow-realtime-{Guid.NewGuid():N}.pcm");
        try
        {
            var hello = await RealtimeTestClient.LoadAsync(Path.Combine(Speech.RepositoryRootPath, "samples", "hello.wav"));
            float[] audio = [.. VoiceFlow.Core.Audio.Resampler.Resample(hello.Span, 16_000, 24_000), .. new float[24_000 * 2]];
            byte[] bytes = new byte[audio.Length * 2];
            for (int i = 0; i < audio.Length; i++)
            {
                BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), (short)Math.Clamp(Math.Round(audio[i] * 32767), short.MinValue, short.MaxValue));
            }

            await File.WriteAllBytesAsync(pcm, bytes, TestContext.Current.CancellationToken);
            var lines = await NpmClients.RunAsync("realtime-transcription.mjs", [new Uri(server.Address, "/v1").ToString(), Key, pcm],
                new Dictionary<string, string> { ["NODE_EXTRA_CA_CERTS"] = certificate.CertificatePath });

            var events = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
            var types = events.Select(e => e.GetProperty("type").GetString()).ToList();
            Assert.Equal("session.created", types[0]);
            Assert.Contains("session.updated", types);
            Assert.Contains("input_audio_buffer.speech_started", types);
            Assert.Contains("input_audio_buffer.committed", types);
            var completed = events.Last(e => e.GetProperty("type").GetString() == "conversation.item.input_audio_transcription.completed");
            Assert.InRange(Speech.Wer(Speech.HelloText, completed.GetProperty("transcript").GetString()!), 0, Speech.MaxWordErrorRate);
        }
        finally
        {
            File.Delete(pcm);
        }
    }

    [Fact]
    public async Task A_dotnet_client_reaches_the_realtime_endpoint_over_wss_with_the_made_certificate()
    {
        using var certificate = new TestCertificate();
        await using var server = await StartTlsAsync(certificate);
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + Key);
        socket.Options.RemoteCertificateValidationCallback = (_, presented, _, errors) =>
            presented?.GetCertHashString() == certificate.Thumbprint && errors == SslPolicyErrors.RemoteCertificateChainErrors;
        await socket.ConnectAsync(new UriBuilder(server.Address) { Scheme = "wss", Path = "/v1/realtime", Query = "intent=transcription" }.Uri, TestContext.Current.CancellationToken);

        byte[] buffer = new byte[16 * 1024];
        var received = await socket.ReceiveAsync(buffer, TestContext.Current.CancellationToken);
        using var created = JsonDocument.Parse(buffer.AsMemory(0, received.Count));
        Assert.Equal("session.created", created.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Https_without_a_certificate_is_refused_before_anything_starts()
    {
        var error = await Assert.ThrowsAsync<VoiceFlow.Core.Errors.ConfigurationException>(() =>
            TestServer.StartAsync(engine, o => o with { ServerUrls = "https://127.0.0.1:0" }));
        Assert.Contains("certificate", error.Message, StringComparison.Ordinal);
    }

    private Task<TestServer> StartTlsAsync(TestCertificate certificate) =>
        TestServer.StartAsync(engine, o => o with
        {
            ServerUrls = "https://127.0.0.1:0",
            ApiKey = Key,
            ServerCertificate = certificate.CertificatePath,
            ServerCertificateKey = certificate.KeyPath,
        });
}
