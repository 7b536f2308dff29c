using Microsoft.Extensions.Logging;
using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Buffers;
using VoiceFlow.Dictation.Recording;
using VoiceFlow.Core.Capture;
using VoiceFlow.Core.Delivery;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.History;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Dictation.Protocol;

namespace VoiceFlow.Dictation.Daemon;

/// <summary>
/// Push-to-talk dictation with the model kept loaded and the pre-roll always filling. This class is the state machine
/// (idle, recording, tail, transcribing; begin, end, toggle, cancel, stop): <see cref="BeginAsync"/> starts a
/// recording (with the last pre_roll_seconds), <see cref="EndAsync"/> records the tail and hands the recording to the
/// <see cref="DictationPipeline"/> (disk, transcription, delivery, history, cleanup, one at a time); at start the
/// <see cref="PendingRecovery"/> puts what a crash left pending into history. Thread-safe.
/// </summary>
public sealed class DictationDaemon : IAsyncDisposable
{
    /// <summary>How long shutdown waits for the capture thread to end.</summary>
    private static readonly TimeSpan CaptureStopTimeout = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private readonly DictationModel _model;
    private readonly ITextOutput _output;
    private readonly DictationDaemonOptions _options;
    private readonly DictationRecorder _recorder;
    private readonly CaptureLoop _capture;
    private readonly PendingRecordings _pending;
    private readonly DictationPipeline _pipeline;
    private readonly PendingRecovery _recovery;
    private readonly InFlightCounter _inFlight = new();
    private readonly ILogger? _logger;
    private LiveDecode? _live;
    private bool _started;
    private Task? _stopping;
    private Task _recovered = Task.CompletedTask;

    /// <param name="service">The transcription service (model loaded, kept loaded); owned by the caller.</param>
    /// <param name="capture">Opens the capture (reopened after failures).</param>
    /// <param name="output">Where text goes.</param>
    /// <param name="history">Where every dictation is stored; null when history is off (a recording is then removed once delivered, and recordings left pending by a crash stay on disk).</param>
    /// <param name="options">Capture, recorder and job options.</param>
    /// <param name="logger">Diagnostics; null for none.</param>
    /// <exception cref="ConfigurationException">A recorder setting out of range.</exception>
    public DictationDaemon(TranscriptionService service, IAudioCaptureProvider capture, ITextOutput output, IHistoryStore? history, DictationDaemonOptions options, ILogger? logger = null)
        : this(DictationModel.Fixed(service), capture, output, history, options, logger)
    {
    }

    /// <param name="model">The model, kept loaded or released when idle (<see cref="DictationModel.LoadAsync"/>); owned by the caller.</param>
    /// <param name="capture">Opens the capture (reopened after failures).</param>
    /// <param name="output">Where text goes.</param>
    /// <param name="history">Where every dictation is stored; null when history is off.</param>
    /// <param name="options">Capture, recorder and job options.</param>
    /// <param name="logger">Diagnostics; null for none.</param>
    /// <exception cref="ConfigurationException">A recorder setting out of range.</exception>
    public DictationDaemon(DictationModel model, IAudioCaptureProvider capture, ITextOutput output, IHistoryStore? history, DictationDaemonOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        _model = model;
        _output = output;
        _options = options;
        _logger = logger;
        // The tail ends once the configured detector hears tail_silence_ms of silence after end (its end of speech too).
        var tailDetector = options.Recorder.TailSilenceMilliseconds > 0
            ? model.SpeechDetector.CreateStream(TimeSpan.FromMilliseconds(options.Recorder.TailSilenceMilliseconds))
            : null;
        _recorder = new DictationRecorder(options.Recorder, new AudioBufferPool(pooling: true, buffersKeptReady: 2), tailDetector);
        _capture = new CaptureLoop(capture, options.Capture, CaptureReconnectPolicy.Every(options.CaptureRetryDelay), logger);
        _pending = new PendingRecordings(options.PendingDirectory);
        _pipeline = new DictationPipeline(model, output, history, _pending, options.Job, logger);
        _recovery = new PendingRecovery(_pending, _pipeline, logger);
        _model.IsInUse = () => _recorder.State != RecorderState.Idle;
    }

    /// <summary>The pending-recordings folder.</summary>
    public PendingRecordings Pending => _pending;

    /// <summary>
    /// Completes when every dictation answered so far is stored in history and its pending file removed (the answer
    /// comes first: the history write does not delay the text).
    /// </summary>
    public Task WhenStoredAsync() => _pipeline.WhenStoredAsync();

    /// <summary>Dictations decoded while they were recorded (decode_while_recording with an engine that streams).</summary>
    public long DecodedWhileRecording => _pipeline.DecodedWhileRecording;

    /// <summary>Dictations decoded as a whole after end.</summary>
    public long DecodedAfterEnd => _pipeline.DecodedAfterEnd;

    /// <summary>Dictations whose last phrase's text came from a decode started at <c>end</c> or later in the tail, before the tail ended (Whisper).</summary>
    public long EndSpeculationsUsed => _pipeline.EndSpeculationsUsed;

    /// <summary>Completes when every pending recording found at start has been transcribed into history (or failed).</summary>
    public Task Recovery => _recovered;

    /// <summary>
    /// Starts the capture thread and, in the background, transcribes the recordings a previous run left pending
    /// into history. Those are not delivered: the window focused now is not the one they were meant for.
    /// </summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_started)
            {
                throw new InvalidOperationException("The daemon has already been started.");
            }

            _started = true;
        }

        _recovered = _recovery.Start();
        _capture.Start(_recorder.Write);
    }

    /// <summary>
    /// Decodes a second of synthetic audio the way dictations are decoded (nothing delivered, nothing stored), so the
    /// first dictation after start is as fast as the tenth. Call before reporting ready.
    /// </summary>
    public async Task WarmAsync(CancellationToken cancellationToken = default)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await _model.UseAsync(async service =>
        {
            await EngineWarmup.RunAsync(service, _options.Job, cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
        _logger?.LogDebug("engine warmed in {Milliseconds:0} ms", System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>Starts a recording seeded with the pre-roll.</summary>
    /// <exception cref="DictationStateException">Already recording, or the daemon is stopping.</exception>
    /// <exception cref="AudioCaptureException">Capture is down (the message says why); the daemon keeps retrying it.</exception>
    public async Task BeginAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ThrowIfCannotBegin();
        }

        await WaitForCaptureAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            ThrowIfCannotBegin();
            // Begin during the tail completes the previous recording first: its decode was already taken by its end.
            _live = _options.DecodeWhileRecording ? new LiveDecode(_model, _options.Job.Engine, _options.PhrasePause, _options.SpeculativePause, _logger) : null;
            _recorder.Begin(_live is { } live ? live.Write : null);
        }

        // A model released for being idle loads beside the recording, ready (usually) by the time the user stops.
        _model.Prepare();
    }

    private void ThrowIfCannotBegin()
    {
        if (_stopping is not null)
        {
            throw new DictationStateException("the dictation daemon is shutting down");
        }

        if (_recorder.State == RecorderState.Recording)
        {
            throw new DictationStateException("already recording: send end, toggle or cancel first");
        }
    }

    /// <summary>
    /// Ends the recording: waits for the tail, transcribes, delivers. Returns once the text has been delivered; the
    /// history entry is written after (<see cref="WhenStoredAsync"/>; a failure shows in status, and the recording
    /// stays pending for the next start). A recording without speech gives empty text and delivers nothing.
    /// </summary>
    /// <exception cref="DictationStateException">Not recording, or the recording was cancelled while its tail was recorded.</exception>
    /// <exception cref="TextOutputException">Delivery failed (the text is still stored in history).</exception>
    public Task<DictationOutcome> EndAsync(CancellationToken cancellationToken = default) => EndCoreAsync(deliver: true, cancellationToken);

    /// <summary>Begins when idle, ends when recording; returns null when it began.</summary>
    public async Task<DictationOutcome?> ToggleAsync(CancellationToken cancellationToken = default)
    {
        bool recording;
        lock (_gate)
        {
            recording = _recorder.State == RecorderState.Recording;
        }

        if (recording)
        {
            return await EndAsync(cancellationToken).ConfigureAwait(false);
        }

        await BeginAsync(cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>Discards the recording in progress (or its tail); returns false when nothing was recording.</summary>
    public bool Cancel()
    {
        lock (_gate)
        {
            bool active = _recorder.State != RecorderState.Idle;
            _recorder.Cancel();
            TakeLiveDecode()?.Dispose();
            return active;
        }
    }

    /// <summary>
    /// How text will be delivered, as the output's readiness check found it at start ("typing with wtype through the
    /// Wayland virtual-keyboard protocol"); null when no check ran.
    /// </summary>
    public string? OutputMethod { get; set; }

    /// <summary>A snapshot of the daemon's state.</summary>
    public DictationStatus GetStatus()
    {
        string state;
        lock (_gate)
        {
            state = _stopping is not null ? "stopping" : _recorder.State switch
            {
                RecorderState.Recording => "recording",
                RecorderState.Tail => "tail",
                _ => "idle",
            };
        }

        return new DictationStatus
        {
            State = state,
            Pid = Environment.ProcessId,
            Engine = _model.EngineName,
            Model = _model.ModelName,
            ModelLoaded = _model.IsLoaded,
            Output = _output.Name,
            OutputMethod = OutputMethod,
            RecordedSeconds = Math.Round(AudioFormat.DurationOf(_recorder.RecordedSamples).TotalSeconds, 3),
            Transcribing = _inFlight.Count,
            CaptureSource = _capture.SourceName,
            CaptureHealthy = _capture.IsReceiving,
            PendingRecordings = _pending.Count,
            Completed = _pipeline.Completed,
            LastError = _pipeline.LastError ?? _capture.LastError,
        };
    }

    /// <summary>
    /// Stops taking dictations and finishes the one in flight: an ended recording is transcribed and delivered as
    /// usual (its user is waiting for it); a recording still open is ended and stored in history without being
    /// delivered (nobody asked for it to be typed, and the focused window may be anything by now). Then stops
    /// capture. Calling it again returns the same task.
    /// </summary>
    public Task StopAsync()
    {
        lock (_gate)
        {
            return _stopping ??= StopCoreAsync(_recorder.State == RecorderState.Recording);
        }
    }

    /// <summary>Same as <see cref="StopAsync"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _capture.Dispose();
        _pipeline.Dispose();
    }

    private async Task StopCoreAsync(bool endOpenRecording)
    {
        await Task.Yield();
        if (endOpenRecording)
        {
            try
            {
                var outcome = await EndCoreAsync(deliver: false, CancellationToken.None).ConfigureAwait(false);
                _logger?.LogInformation("shutdown: the open recording ({Seconds:0.0} s) went to history, not delivered", outcome.AudioDuration.TotalSeconds);
            }
            catch (Exception ex) when (ex is VoiceFlowException or IOException)
            {
                _logger?.LogWarning("shutdown: the open recording could not be finished: {Error}", ex.Message);
            }
        }

        await _inFlight.WhenIdleAsync().ConfigureAwait(false);
        await _pipeline.WhenStoredAsync().ConfigureAwait(false);
        try
        {
            await _recovered.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is VoiceFlowException or IOException)
        {
            _logger?.LogWarning("shutdown: recovery of pending recordings stopped: {Error}", ex.Message);
        }

        // A read blocked in a sound server that hangs is abandoned with the capture thread (a background thread).
        await _capture.StopAsync().WaitAsync(CaptureStopTimeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task<DictationOutcome> EndCoreAsync(bool deliver, CancellationToken cancellationToken)
    {
        Task<DictationRecording> tail;
        LiveDecode? live;
        long endedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        lock (_gate)
        {
            if (_recorder.State != RecorderState.Recording)
            {
                throw new DictationStateException(_recorder.State == RecorderState.Tail
                    ? "already ending: the last recording's tail is being recorded"
                    : "not recording: send begin first");
            }

            live = TakeLiveDecode();
            // The last phrase may start decoding now, beside the tail (used if the tail holds no speech).
            tail = _recorder.End(live is null ? null : live.MarkEnd);
            _inFlight.Enter();
        }

        try
        {
            DictationRecording recording;
            try
            {
                recording = await WaitForTailAsync(tail, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                live?.Dispose();
                throw;
            }

            // The pipeline owns the recording and its decode from here (it is stored in history after the answer).
            return await _pipeline.ProcessAsync(recording, live, _capture.SourceName, deliver, endedAt).ConfigureAwait(false);
        }
        finally
        {
            _inFlight.Exit();
        }
    }

    /// <summary>The current recording's decode, now the caller's. Call under the gate.</summary>
    private LiveDecode? TakeLiveDecode()
    {
        var live = _live;
        _live = null;
        return live;
    }

    /// <summary>
    /// The tail arrives in real time; a capture that stalls or fails cannot deliver it, so after the tail's length
    /// plus a grace period the recording is ended with what it has (Begin during a tail completes the pending
    /// recording at once; the fresh one is discarded).
    /// </summary>
    private async Task<DictationRecording> WaitForTailAsync(Task<DictationRecording> tail, CancellationToken cancellationToken)
    {
        var limit = TimeSpan.FromSeconds(_options.Recorder.TailSeconds) + _options.TailGrace;
        try
        {
            var finished = await Task.WhenAny(tail, Task.Delay(limit, cancellationToken)).ConfigureAwait(false);
            if (finished != tail)
            {
                lock (_gate)
                {
                    if (_recorder.State == RecorderState.Tail)
                    {
                        _logger?.LogWarning("capture delivered no tail within {Limit} s; ending the recording with what it has", limit.TotalSeconds);
                        _recorder.Begin();
                        _recorder.Cancel();
                    }
                }
            }

            return await tail.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (tail.IsCanceled)
        {
            throw new DictationStateException("the recording was cancelled before it ended");
        }
    }

    private async Task WaitForCaptureAsync(CancellationToken cancellationToken)
    {
        if (!await _capture.WaitForAudioAsync(_options.CaptureStartTimeout, cancellationToken).ConfigureAwait(false))
        {
            throw new AudioCaptureException($"capture from {_capture.SourceName} is not running: {_capture.LastError ?? "no audio has arrived yet"} (the daemon keeps retrying)");
        }
    }
}
