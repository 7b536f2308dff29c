using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.History;
using VoiceFlow.Core.Monitoring;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Server.Metrics;
using VoiceFlow.Server.Security;

namespace VoiceFlow.Server.Hosting;

/// <summary>Everything the endpoints share: the service over the loaded model, the monitor, limits and admission.</summary>
internal sealed class ServerContext : IAsyncDisposable
{
    public ServerContext(VoiceFlowServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // The server's duration limit is the service's: decoding stops there instead of reading the rest of a long upload.
        Options = settings.Options with { MaxAudioBufferSize = AudioFormat.RecognizerSampleRate * settings.Options.ServerMaxAudioSeconds };
        Settings = settings;
        Logger = settings.LoggerFactory?.CreateLogger("VoiceFlow.Server") ?? NullLogger.Instance;
        Metrics = new VoiceFlowMetrics();
        Monitor = new PerformanceMonitor(Metrics);
        Service = new TranscriptionService(settings.Engine, Options, Monitor, logger: Logger, detector: settings.SpeechDetector);
        ApiKey = new ApiKeyCheck(settings.Options.ApiKey);
        int capacity = Service.Access.MaxConcurrentJobs + Options.MaxQueuedTranscriptionJobs;
        Uploads = new RequestAdmission(capacity, Shutdown);
        Streams = new RequestAdmission(capacity, Shutdown);
        ServerMetrics = new ServerMetrics(Metrics.Meter, this);
        Exporter = new PrometheusExporter(Metrics.Meter);
    }

    public VoiceFlowServerSettings Settings { get; }

    /// <summary>The effective options with the server's audio limit applied.</summary>
    public VoiceFlowOptions Options { get; }

    public ILogger Logger { get; }

    public VoiceFlowMetrics Metrics { get; }

    public PerformanceMonitor Monitor { get; }

    public TranscriptionService Service { get; }

    public ApiKeyCheck ApiKey { get; }

    public ShutdownSignal Shutdown { get; } = new();

    public RequestAdmission Uploads { get; }

    public RequestAdmission Streams { get; }

    public ServerMetrics ServerMetrics { get; }

    public PrometheusExporter Exporter { get; }

    public IHistoryStore? History => Settings.History;

    /// <summary>Seconds a refused client should wait: about one job's time per job ahead of it, 1 to 60.</summary>
    public int RetryAfterSeconds()
    {
        double jobSeconds = Monitor.GetSummary().AverageProcessingTimeMs / 1000;
        double ahead = (Service.Access.Running + Service.Access.Waiting) / (double)Service.Access.MaxConcurrentJobs;
        return (int)Math.Clamp(Math.Ceiling(jobSeconds * Math.Max(1, ahead)), 1, 60);
    }

    /// <summary>Stores a finished transcription; a history failure is logged, never turned into a lost transcript.</summary>
    public async Task RecordHistoryAsync(TranscriptionResult result, string kind, string source)
    {
        if (History is null)
        {
            return;
        }

        try
        {
            await History.AddAsync(result.ToHistoryEntry(kind) with { Source = source }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (HistoryException ex)
        {
            ServerLog.HistoryFailed(Logger, source, ex.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync().ConfigureAwait(false);
        Exporter.Dispose();
        Metrics.Dispose();
    }
}
