using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.History;
using VoiceFlow.ServerBench;

namespace VoiceFlow.Server.Tests.Support;

/// <summary>A real server on a free loopback port plus an HTTP client pointed at it.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private TestServer(VoiceFlowServer server, HttpClient client)
    {
        Server = server;
        Client = client;
    }

    public VoiceFlowServer Server { get; }

    public HttpClient Client { get; }

    public Uri Address => Server.Address;

    /// <summary>Starts a server with the defaults (loopback, port 0, PocketSphinx) changed by <paramref name="configure"/>.</summary>
    public static async Task<TestServer> StartAsync(EngineFixture engine, Func<VoiceFlowOptions, VoiceFlowOptions>? configure = null, IHistoryStore? history = null, TimeSpan? shutdownTimeout = null, ILoggerFactory? logging = null)
    {
        var options = new VoiceFlowOptions { ServerUrls = "http://127.0.0.1:0", Engine = "pocketsphinx" };
        options = configure?.Invoke(options) ?? options;
        var server = await VoiceFlowServer.StartAsync(new VoiceFlowServerSettings
        {
            Options = options,
            Engine = engine.Factory,
            History = history,
            ShutdownTimeout = shutdownTimeout ?? TimeSpan.FromSeconds(30),
            LoggerFactory = logging,
        }, TestContext.Current.CancellationToken);
        var client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(2) };
        if (options.ApiKey is { } key)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return new TestServer(server, client);
    }

    /// <summary>POSTs <paramref name="audio"/> as an OpenAI transcription form with extra <paramref name="fields"/>.</summary>
    public Task<HttpResponseMessage> TranscribeAsync(byte[] audio, params (string Name, string Value)[] fields) =>
        Client.PostAsync("/v1/audio/transcriptions", Multipart.Transcription(audio, "speech.wav", fields), TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
