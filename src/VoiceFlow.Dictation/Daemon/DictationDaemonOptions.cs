using VoiceFlow.Dictation.Recording;
using VoiceFlow.Core.Capture;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.PostProcessing;
using VoiceFlow.Core.Transcription;

namespace VoiceFlow.Dictation.Daemon;

/// <summary>How a <see cref="DictationDaemon"/> captures, records and transcribes.</summary>
public sealed record DictationDaemonOptions
{
    /// <summary>Which source to read, in which block size and latency (20 ms blocks by default).</summary>
    public CaptureRequest Capture { get; init; } = new();

    /// <summary>Pre-roll, tail and cap of each recording.</summary>
    public DictationRecorderSettings Recorder { get; init; } = new();

    /// <summary>Engine and clean-up options of each transcription.</summary>
    public TranscriptionJobOptions Job { get; init; } = new();

    /// <summary>
    /// decode_while_recording: decode while the user speaks, with an engine that can (PocketSphinx): <c>end</c> then only waits for the tail
    /// and the end of the search. False decodes each recording as a whole after <c>end</c>.
    /// </summary>
    public bool DecodeWhileRecording { get; init; } = true;

    /// <summary>
    /// phrase_pause_ms: while decoding while recording, a pause this long ends a phrase, finished while the user goes on
    /// (PocketSphinx ends its utterance there, Whisper decodes the phrase in the background), so <c>end</c> leaves only
    /// the last phrase. Zero: no cutting (Whisper then decodes the whole recording after <c>end</c>).
    /// </summary>
    public TimeSpan PhrasePause { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>
    /// speculative_pause_ms: a phrase decoded as a whole input (Whisper) starts decoding at a pause this long (shorter
    /// than <see cref="PhrasePause"/>); if no speech follows, that decode is its text, so <c>end</c> after a pause waits
    /// less. Zero: none.
    /// </summary>
    public TimeSpan SpeculativePause { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Where recordings wait for history (crash safety).</summary>
    public required string PendingDirectory { get; init; }

    /// <summary>
    /// model_idle_unload_seconds: how long without a dictation before the model is released (loaded again at the next
    /// begin); zero or less keeps it loaded. Applies to a daemon given a model it may load (<see cref="DictationModel.LoadAsync"/>).
    /// </summary>
    public TimeSpan ModelIdleUnload { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>How long to wait before reopening a failed capture.</summary>
    public TimeSpan CaptureRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long begin waits for a capture that has just started (or is reconnecting) to deliver audio.</summary>
    public TimeSpan CaptureStartTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Extra time allowed for the tail to arrive beyond its own length. Capture delivers in real time, so only a
    /// stalled capture needs this; the recording then ends with the tail it got.
    /// </summary>
    public TimeSpan TailGrace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Options from the effective configuration.</summary>
    /// <param name="options">The configuration (recorder durations, engine and post-processing settings).</param>
    /// <param name="paths">Where pending recordings go.</param>
    /// <param name="source">Capture source name; null for the server's default.</param>
    /// <param name="engine">Per-job engine options (the CLI adds its per-run flags); null for the configuration's.</param>
    public static DictationDaemonOptions From(VoiceFlowOptions options, DictationPaths paths, string? source, Core.Engines.TranscriptionOptions? engine = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(paths);
        return new DictationDaemonOptions
        {
            Capture = new CaptureRequest { Source = source, ApplicationName = "VoiceFlow dictation" },
            Recorder = DictationRecorderSettings.FromOptions(options),
            Job = new TranscriptionJobOptions
            {
                Engine = engine ?? options.ToTranscriptionOptions(),
                PostProcessing = PostProcessingOptions.From(options),
                SourceName = "dictation",
            },
            PendingDirectory = paths.PendingDirectory,
            DecodeWhileRecording = options.DecodeWhileRecording,
            PhrasePause = TimeSpan.FromMilliseconds(options.PhrasePauseMs),
            SpeculativePause = TimeSpan.FromMilliseconds(options.SpeculativePauseMs),
        };
    }
}
