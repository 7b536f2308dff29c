using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Dictation.Daemon;
using VoiceFlow.Dictation.Ipc;

namespace VoiceFlow.Dictation.Tests.Support;

/// <summary>
/// A daemon and its socket server in this process, with private XDG folders, a <see cref="PacedCapture"/>, a
/// <see cref="RecordingOutput"/> and a <see cref="MemoryHistory"/>.
/// </summary>
internal sealed class DaemonHarness : IAsyncDisposable
{
    private DaemonHarness(TestDirectories directories, TranscriptionService service, DictationDaemon daemon, DictationServer server, PacedCapture capture, RecordingOutput output, MemoryHistory history)
    {
        Directories = directories;
        Service = service;
        Daemon = daemon;
        Server = server;
        Capture = capture;
        Output = output;
        History = history;
        Client = DictationClient.For(directories.Paths);
    }

    public TestDirectories Directories { get; }

    public DictationPaths Paths => Directories.Paths;

    public TranscriptionService Service { get; }

    public DictationDaemon Daemon { get; }

    public DictationServer Server { get; }

    public PacedCapture Capture { get; }

    public RecordingOutput Output { get; }

    public MemoryHistory History { get; }

    public DictationClient Client { get; }

    public static async Task<DaemonHarness> StartAsync(ISpeechEngineFactory factory, TestDirectories? directories = null, Func<DictationDaemonOptions, DictationDaemonOptions>? configure = null)
    {
        directories ??= new TestDirectories();
        var options = new VoiceFlowOptions();
        var service = new TranscriptionService(factory, options);
        var capture = new PacedCapture();
        var output = new RecordingOutput();
        var history = new MemoryHistory();
        var daemonOptions = DictationDaemonOptions.From(options, directories.Paths, source: null) with { CaptureRetryDelay = TimeSpan.FromMilliseconds(100) };
        var daemon = new DictationDaemon(service, capture, output, history, configure?.Invoke(daemonOptions) ?? daemonOptions);
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
