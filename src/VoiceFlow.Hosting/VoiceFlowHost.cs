using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using VoiceFlow.Core.Capture;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Delivery;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.History;
using VoiceFlow.Core.Monitoring;
using VoiceFlow.Core.Streaming;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Core.Vad;
using VoiceFlow.Desktop;
using VoiceFlow.Dictation;
using VoiceFlow.Dictation.Daemon;
using VoiceFlow.Dictation.Recording;
using VoiceFlow.History.Sqlite;
using VoiceFlow.Hosting.Logging;
using VoiceFlow.Hosting.Options;
using VoiceFlow.PocketSphinx;
using VoiceFlow.PulseAudio;
using VoiceFlow.Server;
using VoiceFlow.Whisper.Engine;
using VoiceFlow.Whisper.Model;

namespace VoiceFlow.Hosting;

/// <summary>
/// The composition root: turns one effective configuration and one environment into the engines, the transcription
/// service, history, text outputs, capture and the per-component option records. Every command takes what it needs
/// from here, so a setting is read in one place and reaches every component that uses it.
/// Owns the history store it opens (disposed with the host).
/// </summary>
public sealed class VoiceFlowHost : IDisposable
{
    private readonly TextWriter? _stdout;
    private ILoggerFactory? _ownedLogging;
    private SqliteHistoryStore? _history;
    private bool _historyOpened;
    private ISpeechDetector? _speechDetector;

    /// <param name="configuration">The merged, validated configuration.</param>
    /// <param name="environment">The environment variables paths are found from (XDG_DATA_HOME, HOME).</param>
    /// <param name="loggerFactory">Where components log.</param>
    /// <param name="stdout">Where the stdout output writes; null for <see cref="Console.Out"/>.</param>
    /// <exception cref="Core.Errors.ConfigurationException">A combination of values no component accepts.</exception>
    public VoiceFlowHost(EffectiveConfiguration configuration, IReadOnlyDictionary<string, string> environment, ILoggerFactory loggerFactory, TextWriter? stdout = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        Configuration = configuration;
        Environment = environment;
        LoggerFactory = loggerFactory;
        _stdout = stdout;
        Components = VoiceFlowComponentOptions.Bind(configuration.Options);
        ModelsDirectory = ModelsDirectoryFor(environment);
        Engines = new EngineCatalog([new WhisperEngineProvider(path => WhisperModel.Load(path), ModelsDirectory), new PocketSphinxEngineProvider()]);
    }

    /// <summary>A host logging through <see cref="VoiceFlowLogging"/> at <paramref name="verbosity"/> (the logger factory is the host's, disposed with it).</summary>
    /// <exception cref="Core.Errors.ConfigurationException">A combination of values no component accepts.</exception>
    public static VoiceFlowHost Create(EffectiveConfiguration configuration, IReadOnlyDictionary<string, string> environment, LogVerbosity verbosity, TextWriter? stdout = null)
    {
        var logging = VoiceFlowLogging.Create(verbosity);
        try
        {
            return new VoiceFlowHost(configuration, environment, logging, stdout) { _ownedLogging = logging };
        }
        catch
        {
            logging.Dispose();
            throw;
        }
    }

    /// <summary>The configuration this host was built from (values, origins, warnings).</summary>
    public EffectiveConfiguration Configuration { get; }

    /// <summary>The effective values (for components that still read the whole configuration).</summary>
    public VoiceFlowOptions Options => Configuration.Options;

    /// <summary>The configuration bound into per-component records.</summary>
    public VoiceFlowComponentOptions Components { get; }

    /// <summary>The environment paths are resolved from.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>Where components log.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>Where installed Whisper models live for this environment ($XDG_DATA_HOME/voiceflow/models).</summary>
    public string ModelsDirectory { get; }

    /// <summary>Where installed Whisper models live for <paramref name="environment"/> (what <c>models</c> needs without a configuration).</summary>
    public static string ModelsDirectoryFor(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return WhisperModelLocator.DefaultModelsDirectory(name => environment.TryGetValue(name, out string? value) ? value : null);
    }

    /// <summary>The engines this build offers.</summary>
    public EngineCatalog Engines { get; }

    /// <summary>Loads the configured engine and model (engine, model).</summary>
    /// <exception cref="Core.Errors.EngineException">The engine or model is unknown or cannot be loaded.</exception>
    public ValueTask<ISpeechEngineFactory> LoadEngineAsync(CancellationToken cancellationToken) =>
        Engines.LoadAsync(Components.Engine.Engine, Components.Engine.Model, cancellationToken);

    /// <summary>
    /// A transcription service over <paramref name="factory"/> with the configured service options. Its detector is
    /// this host's <see cref="SpeechDetector"/>, built at the service's first use of it: a job with vad_enabled=false
    /// never loads (or hashes) the Silero model.
    /// </summary>
    /// <param name="factory">The loaded model (owned by the caller, disposed after the service).</param>
    /// <param name="monitor">Where jobs are recorded; null for a new monitor.</param>
    /// <param name="options">Service options to use instead of the configured ones (bench and quality vary them); null for the configured.</param>
    public TranscriptionService CreateService(ISpeechEngineFactory factory, PerformanceMonitor? monitor = null, TranscriptionServiceOptions? options = null) =>
        new(factory, options ?? Components.Transcription, monitor ?? new PerformanceMonitor(), logger: LoggerFactory.CreateLogger("VoiceFlow.Transcription"),
            detectorFactory: () => SpeechDetector);

    /// <summary>
    /// The configured voice activity detector (vad_detector), built at the first use and shared by every service of this
    /// host: Silero when asked for (or, with auto, installed), else the energy detector.
    /// </summary>
    /// <exception cref="Core.Errors.ModelFormatException">The Silero model file is corrupt or not Silero VAD v5/v6.</exception>
    public ISpeechDetector SpeechDetector => _speechDetector ??= CreateSpeechDetector();

    /// <summary>A voice activity detector as configured, or of the kind <paramref name="detector"/> (auto, silero, energy).</summary>
    /// <exception cref="Core.Errors.ModelFormatException">The Silero model file is corrupt or not Silero VAD v5/v6.</exception>
    public ISpeechDetector CreateSpeechDetector(string? detector = null) =>
        SpeechDetectors.Create(
            detector is null ? Components.SpeechDetector : Components.SpeechDetector with { Detector = detector },
            ModelsDirectory, Components.Transcription.SpeechDetection.Detector, LoggerFactory.CreateLogger("VoiceFlow.Vad"));

    /// <summary>
    /// The history store (history_enabled, history_keep_audio), opened at the first call and kept for the host's life.
    /// History is never worth a command: a store that cannot be opened costs one warning on <paramref name="warnings"/>
    /// and null; with no user data folder (neither XDG_DATA_HOME nor HOME: a sandbox) nothing is stored and nothing said.
    /// </summary>
    public IHistoryStore? OpenHistory(TextWriter warnings)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        if (_historyOpened)
        {
            return _history;
        }

        _historyOpened = true;
        string? path = Components.History.Enabled ? HistoryLocation.DefaultPath(Environment) : null;
        if (path is null)
        {
            return null;
        }

        try
        {
            _history = SqliteHistoryStore.Open(path, Components.History.KeepAudio);
        }
        catch (HistoryException exception)
        {
            WarnHistoryLost(warnings, exception);
        }

        return _history;
    }

    /// <summary>
    /// The history database whatever history_enabled says, for commands that read or clear it (<c>voiceflow history</c>);
    /// unlike <see cref="OpenHistory"/> a database that cannot be opened is the command's error.
    /// </summary>
    /// <exception cref="HistoryException">No user data folder, or the database cannot be opened.</exception>
    public SqliteHistoryStore OpenHistoryDatabase() => SqliteHistoryStore.OpenDefault(Environment, Components.History.KeepAudio);

    /// <summary>The one wording of "history is off for this run" (open or write failures).</summary>
    public static void WarnHistoryLost(TextWriter warnings, HistoryException exception)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        ArgumentNullException.ThrowIfNull(exception);
        warnings.WriteLine($"voiceflow: warning: transcripts are not stored in history: {exception.Message}");
    }

    /// <summary>The configured text output (output, output_file and the delivery settings).</summary>
    /// <param name="delivery">Delivery settings to use instead of the configured ones; null for the configured.</param>
    /// <exception cref="Core.Errors.ConfigurationException">output is file without output_file.</exception>
    public ITextOutput CreateTextOutput(DeliveryOptions? delivery = null) =>
        TextOutputs.Create(delivery ?? Components.Delivery, _stdout, DesktopSession.FromEnvironment(Environment));

    /// <summary>The sound server capture goes through (pulse_server).</summary>
    public IAudioCaptureProvider CreateCaptureProvider() => new PulseAudioCaptureProvider(Components.Capture.Server);

    /// <summary>The capture request for the configured source (capture_source), named <paramref name="applicationName"/> in the sound server.</summary>
    public CaptureRequest CaptureRequest(string applicationName) => Components.Capture.Request(applicationName);

    /// <summary>The dictation daemon's options: configured source, recorder, job and the pending folder of <paramref name="paths"/>.</summary>
    /// <param name="paths">Where the daemon's socket and pending recordings live.</param>
    /// <param name="decoding">Per-job engine options (the configured ones plus per-run flags); null for the configured.</param>
    [SupportedOSPlatform("linux")]
    public DictationDaemonOptions DaemonOptions(DictationPaths paths, TranscriptionOptions? decoding = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return new DictationDaemonOptions
        {
            Capture = CaptureRequest("VoiceFlow dictation"),
            Recorder = new DictationRecorderSettings
            {
                RecordingCapSeconds = Components.Recording.RecordingCapSeconds,
                PreRollBufferSeconds = Components.Recording.PreRollBufferSeconds,
                PreRollSeconds = Components.Recording.PreRollSeconds,
                TailSeconds = Components.Recording.TailSeconds,
                TailSilenceMilliseconds = Components.Recording.TailSilenceMs,
            },
            Job = new TranscriptionJobOptions
            {
                Engine = decoding ?? Components.Decoding,
                PostProcessing = Components.PostProcessing,
                SourceName = "dictation",
            },
            PendingDirectory = paths.PendingDirectory,
            ModelIdleUnload = TimeSpan.FromSeconds(Components.Recording.ModelIdleUnloadSeconds),
            DecodeWhileRecording = Components.Recording.DecodeWhileRecording,
            PhrasePause = TimeSpan.FromMilliseconds(Components.Recording.PhrasePauseMs),
            SpeculativePause = TimeSpan.FromMilliseconds(Components.Recording.SpeculativePauseMs),
        };
    }

    /// <summary>Listen mode's live transcriber options.</summary>
    /// <param name="decoding">Per-job engine options (the configured ones plus per-run flags); null for the configured.</param>
    public LiveTranscriberOptions ListenOptions(TranscriptionOptions? decoding = null) =>
        decoding is null ? Components.Listen : Components.Listen with { Job = Components.Listen.Job with { Engine = decoding } };

    /// <summary>The HTTP server's settings over <paramref name="factory"/>, storing into <paramref name="history"/>.</summary>
    public VoiceFlowServerSettings ServerSettings(ISpeechEngineFactory factory, IHistoryStore? history)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new VoiceFlowServerSettings { Options = Options, Engine = factory, History = history, LoggerFactory = LoggerFactory, SpeechDetector = SpeechDetector };
    }

    /// <summary>Closes the history store, if one was opened, and the logger factory when the host made it.</summary>
    public void Dispose()
    {
        _history?.Dispose();
        _ownedLogging?.Dispose();
    }
}
