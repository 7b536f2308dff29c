using Microsoft.Playwright;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Evaluation.Corpus;
using VoiceFlow.Core.Tests.Corpus;
using VoiceFlow.PocketSphinx;

namespace VoiceFlow.Server.BrowserTests.Support;

/// <summary>
/// The real server (PocketSphinx engine, loopback port 0) and one headless chromium whose microphone plays
/// <see cref="DictationItem"/>, shared by the assembly's tests. Started by the first test that asks, so a machine
/// without chromium, PocketSphinx or the corpus tools skips every test with the reason instead of failing.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Corpus item the fake microphone plays: a clean flite sentence PocketSphinx recognises well.</summary>
    public const string DictationItemId = "s04-slt";

    /// <summary>Corpus item uploaded through the file picker.</summary>
    public const string UploadItemId = "s02-awb";

    private readonly SemaphoreSlim _startLock = new(1, 1);
    private PocketSphinxEngineFactory? _engine;
    private VoiceFlowServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private SpeechCorpus? _corpus;

    internal Uri Address => _server?.Address ?? throw new InvalidOperationException("the fixture is not started");

    internal PocketSphinxEngineFactory Engine => _engine ?? throw new InvalidOperationException("the fixture is not started");

    internal CorpusItem DictationItem => Corpus[DictationItemId];

    internal CorpusItem UploadItem => Corpus[UploadItemId];

    private SpeechCorpus Corpus => _corpus ?? throw new InvalidOperationException("the fixture is not started");

    /// <summary>Starts everything once; skips the calling test when a prerequisite is missing.</summary>
    internal async Task EnsureStartedAsync()
    {
        Chromium.RequireInstalled();
        if (!new PocketSphinxEngineProvider().IsAvailable(null, out string reason))
        {
            Assert.Skip($"PocketSphinx unavailable: {reason}");
        }

        var corpus = CorpusFixture.Get();
        await _startLock.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (_browser is not null)
            {
                return;
            }

            _corpus = corpus;
            _engine = PocketSphinxEngineFactory.Load(new PocketSphinxOptions());
            _server = await StartServerAsync();
            _playwright = await Playwright.CreateAsync();

            // The machine may be busy (CI runs builds beside the tests): waits are long, the conditions exact.
            Assertions.SetDefaultExpectTimeout(30_000);
            _browser = await Chromium.LaunchAsync(_playwright, DictationItem.Path);
        }
        finally
        {
            _startLock.Release();
        }
    }

    /// <summary>Skips while the server has no <c>/v1/stream</c> endpoint (it answers a plain GET there with 404).</summary>
    internal async Task RequireStreamingAsync()
    {
        await EnsureStartedAsync();
        using var http = new HttpClient { BaseAddress = Address };
        using var response = await http.GetAsync("/v1/stream", TestContext.Current.CancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            Assert.Skip("the server has no /v1/stream endpoint yet");
        }
    }

    /// <summary>Another server on the shared engine (loopback, port 0), e.g. with an API key; the caller disposes it.</summary>
    internal Task<VoiceFlowServer> StartServerAsync(string? apiKey = null) =>
        VoiceFlowServer.StartAsync(new VoiceFlowServerSettings
        {
            Options = new VoiceFlowOptions { ServerUrls = "http://127.0.0.1:0", Engine = "pocketsphinx", ApiKey = apiKey },
            Engine = Engine,
            ShutdownTimeout = TimeSpan.FromSeconds(5),
        }, TestContext.Current.CancellationToken);

    /// <summary>A fresh browser context (own storage, permissions) on the page at <c>/</c> of the shared server, or of <paramref name="server"/>.</summary>
    internal async Task<BrowserPage> OpenPageAsync(int width = 1280, int height = 900, VoiceFlowServer? server = null)
    {
        await EnsureStartedAsync();
        return await BrowserPage.OpenAsync(_browser!, server?.Address ?? Address, width, height);
    }

    /// <summary>What the engine itself makes of 16 kHz samples (no browser, no server).</summary>
    internal async Task<string> TranscribeDirectlyAsync(float[] samples16k)
    {
        await using var processor = Engine.CreateBuilder().Build();
        var texts = new List<string>();
        await foreach (var segment in processor.ProcessAsync(samples16k, TestContext.Current.CancellationToken))
        {
            texts.Add(segment.Text);
        }

        return string.Join(' ', texts);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }

        _startLock.Dispose();
    }
}
