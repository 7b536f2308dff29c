using VoiceFlow.Core.Capture;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Dictation.Daemon;
using VoiceFlow.Dictation.Ipc;
using VoiceFlow.PulseAudio;
using VoiceFlow.Tests.Shared;

namespace VoiceFlow.Dictation.Tests.Support;

/// <summary>
/// A daemon and its socket server in this process, with private XDG folders, a <see cref="PacedCapture"/>, a
/// <see cref="RecordingOutput"/> and a <see cref="MemoryHistory"/>.
/// </summary>
internal sealed class DaemonHarness : IAsyncDisposable
{
    private DaemonHarness(TestDirectories directories, TranscriptionService service, DictationDaemon daemon, DictationServer server, IAudioCaptureProvider capture, RecordingOutput output, MemoryHistory history)
    {
        Directories = directories;
        Service = service;
        Daemon = daemon;
        Server = server;
        Provider = capture;
        Output = output;
        History = history;
        Client = DictationClient.For(directories.Paths);
    }

    public TestDirectories Directories { get; }

    public DictationPaths Paths => Directories.Paths;

    public TranscriptionService Service { get; }

    public DictationDaemon Daemon { get; }

    public DictationServer Server { get; }

    /// <summary>What the daemon records.</summary>
    public IAudioCaptureProvider Provider { get; }

    /// <summary>The test feed, when the harness was started without another capture.</summary>
    public PacedCapture Capture => (PacedCapture)Provider;

    public RecordingOutput Output { get; }

    public MemoryHistory History { get; }

    public DictationClient Client { get; }

    /// <param name="factory">The loaded engine.</param>
    /// <param name="directories">Runtime and data folders; null for new ones.</param>
    /// <param name="configure">Changes to the daemon's options.</param>
    /// <param name="capture">What to record; null for a <see cref="PacedCapture"/>.</param>
    /// <param name="model">The daemon's model, when the test controls its loading (idle unload); null for one always loaded.</param>
    public static async Task<DaemonHarness> StartAsync(ISpeechEngineFactory factory, TestDirectories? directories = null, Func<DictationDaemonOptions, DictationDaemonOptions>? configure = null, IAudioCaptureProvider? capture = null, DictationModel? model = null)
    {
        directories ??= new TestDirectories();
        var options = new VoiceFlowOptions();
        var service = new TranscriptionService(factory, options);
        capture ??= new PacedCapture();
        var output = new RecordingOutput();
        var history = new MemoryHistory();
        var daemonOptions = DictationDaemonOptions.From(options, directories.Paths, source: null) with { CaptureRetryDelay = TimeSpan.FromMilliseconds(100) };
        daemonOptions = configure?.Invoke(daemonOptions) ?? daemonOptions;
        var daemon = model is null
            ? new DictationDaemon(service, capture, output, history, daemonOptions)
            : new DictationDaemon(model, capture, output, history, daemonOptions);
        DictationServer server;
        try
        {
            server = await DictationServer.StartAsync(daemon, directories.Paths);
        }
        catch
        {
            await daemon.DisposeAsync();
            await service.DisposeAsync();
            throw;
        }

        daemon.Start();
        return new DaemonHarness(directories, service, daemon, server, capture, output, history);
    }

    /// <summary>begin, <paramref name="sentence"/> spoken into the capture, end: the end's answer.</summary>
    public async Task<Protocol.DictationResponse> DictateAsync(SpokenSentence sentence)
    {
        var ct = TestContext.Current.CancellationToken;
        await Client.SendAsync("begin", ct);
        Capture.Play(sentence.Samples);
        await Task.Delay(sentence.Duration + TimeSpan.FromMilliseconds(100), ct);
        return await Client.SendAsync("end", ct);
    }

    /// <summary>A daemon whose capture already delivers (status then stays the same from one request to the next).</summary>
    public static async Task<DaemonHarness> StartHealthyAsync(ISpeechEngineFactory factory)
    {
        var harness = await StartAsync(factory);
        for (int i = 0; !harness.Daemon.GetStatus().CaptureHealthy; i++)
        {
            Assert.True(i < 500, "the test capture never delivered");
            await Task.Delay(10);
        }

        return harness;
    }

    /// <summary>A daemon recording <c>vsink.monitor</c> of a test PulseAudio server.</summary>
    public static Task<DaemonHarness> StartOnPulseAsync(ISpeechEngineFactory factory, TestDirectories directories, PulseAudioTestServer pulse) =>
        StartAsync(factory, directories,
            o => o with { Capture = o.Capture with { Source = PulseAudioTestServer.MonitorSource } },
            new PulseAudioCaptureProvider(pulse.ServerAddress));

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Daemon.DisposeAsync();
        await Service.DisposeAsync();
        Directories.Dispose();
    }
}

/// <summary>Private runtime and data folders under a short /tmp path (a Unix socket path must stay under 108 bytes).</summary>
internal sealed class TestDirectories : IDisposable
{
    public TestDirectories()
    {
        Root = Path.Combine(Path.GetTempPath(), "vfd-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        Paths = DictationPaths.FromEnvironment(name => name switch
        {
            "XDG_RUNTIME_DIR" => RuntimeRoot,
            "XDG_DATA_HOME" => DataHome,
            _ => null,
        });
    }

    public string Root { get; }

    public string RuntimeRoot => Path.Combine(Root, "run");

    public string DataHome => Path.Combine(Root, "data");

    public DictationPaths Paths { get; }

    /// <summary>The environment a CLI run or a child daemon needs to find these folders.</summary>
    public Dictionary<string, string> Environment() => new(StringComparer.Ordinal)
    {
        ["XDG_RUNTIME_DIR"] = RuntimeRoot,
        ["XDG_DATA_HOME"] = DataHome,
        ["XDG_CONFIG_HOME"] = Path.Combine(Root, "config"),
        ["HOME"] = Root,
    };

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
