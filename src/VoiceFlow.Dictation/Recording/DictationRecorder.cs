using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Buffers;
using VoiceFlow.Core.Capture;
using VoiceFlow.Core.Vad;

namespace VoiceFlow.Dictation.Recording;

/// <summary>
/// Push-to-talk recording over a continuous block stream. Feed every capture block to
/// <see cref="Write"/>; it always fills the pre-roll ring, and between <see cref="Begin()"/> and the
/// end of the tail it also fills the recording. <see cref="Begin()"/> seeds the recording with the
/// last pre_roll_seconds so first words are not cut; <see cref="End"/> keeps recording
/// at most tail_seconds (counted in samples fed, not wall time) so last words are not cut — less when a
/// voice activity detector hears tail_silence_ms of silence after it — then completes the task it returned.
/// <para>
/// Clean state per recording: the recording ring is zeroed when a recording completes or is
/// cancelled, and the pre-roll of the next recording only takes audio fed after the previous one
/// ended, so no sample can appear in two recordings. Block handling copies into preallocated rings
/// and allocates nothing; Begin/End/Cancel may be called from other threads.
/// </para>
/// </summary>
public sealed class DictationRecorder
{
    private readonly Lock _gate = new();
    private readonly IAudioBufferPool _pool;
    private readonly AudioRingBuffer _preRoll;
    private readonly AudioRingBuffer _recording;
    private readonly int _preRollSamples;
    private readonly int _tailSamples;
    private readonly int _tailSilenceSamples;
    private readonly IVoiceActivityDetector? _tailDetector;
    private RecorderState _state;
    private int _samplesSinceLastRecording; // pre-roll eligible for the next recording, saturating
    private int _recordedPreRoll;
    private int _tailRemaining;
    private int _tailRecorded;
    private int _tailQuiet; // samples of the tail since the detector last heard speech
    private bool _tailHeardSpeech; // the detector heard speech during the tail (a word still being said)
    private long _droppedAtCap; // StopAtCap only; KeepNewest counts in the ring
    private long _sequence;
    private TaskCompletionSource<DictationRecording>? _completion;
    private CaptureBlockHandler? _recorded;

    /// <param name="settings">Durations.</param>
    /// <param name="pool">Where recordings' buffers come from.</param>
    /// <param name="tailDetector">
    /// Hears each recording (reset at every begin) so the tail can end early: once it has heard
    /// tail_silence_ms of silence after <see cref="End"/>, or the end of the speech in progress at End (a word the user was
    /// still saying is kept). Null, or tail_silence_ms 0: the tail is always tail_seconds long.
    /// </param>
    /// <exception cref="VoiceFlow.Core.Errors.ConfigurationException">A setting out of range.</exception>
    public DictationRecorder(DictationRecorderSettings settings, IAudioBufferPool pool, IVoiceActivityDetector? tailDetector = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(pool);
        settings.Validate();
        Settings = settings;
        _pool = pool;
        _preRoll = new AudioRingBuffer(Math.Max(1, settings.PreRollBufferSamples));
        _recording = new AudioRingBuffer(settings.RecordingCapSamples);
        _preRollSamples = settings.PreRollSamples;
        _tailSamples = settings.TailSamples;
        _tailSilenceSamples = settings.TailSilenceSamples;
        _tailDetector = settings.TailSilenceSamples > 0 ? tailDetector : null;
        _samplesSinceLastRecording = _preRoll.Capacity;
    }

    /// <summary>The settings in use.</summary>
    public DictationRecorderSettings Settings { get; }

    /// <summary>Idle, recording, or recording the tail.</summary>
    public RecorderState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Samples in the recording so far (0 when idle).</summary>
    public int RecordedSamples
    {
        get
        {
            lock (_gate)
            {
                return _recording.Count;
            }
        }
    }

    /// <summary>Samples the current recording has lost to the cap so far: poll it to warn the user while they speak.</summary>
    public long DroppedSamples
    {
        get
        {
            lock (_gate)
            {
                return _droppedAtCap + _recording.OverwrittenSamples;
            }
        }
    }

    /// <summary>A recorder configured by <paramref name="options"/>.</summary>
    public static DictationRecorder FromOptions(VoiceFlowOptions options, IAudioBufferPool pool) =>
        new(DictationRecorderSettings.FromOptions(options), pool);

    /// <summary>Feeds the next capture block (16 kHz mono). Allocates nothing unless it completes a recording.</summary>
    public void Write(ReadOnlySpan<float> block)
    {
        lock (_gate)
        {
            switch (_state)
            {
                case RecorderState.Recording:
                    Append(block);
                    break;
                case RecorderState.Tail:
                    int taken = Math.Min(block.Length, _tailRemaining);
                    _tailRecorded += Append(block[..taken]);
                    _tailRemaining -= taken;
                    if (_tailRemaining == 0 || TailHeardEnoughSilence(taken))
                    {
                        Complete();
                        CountSinceLastRecording(block.Length - taken);
                    }

                    break;
                default:
                    CountSinceLastRecording(block.Length);
                    break;
            }

            _preRoll.Write(block);
        }
    }

    /// <summary>
    /// Starts a recording seeded with the last pre_roll_seconds of audio. During the tail of the
    /// previous recording, that one is completed at once (its tail cut short) first.
    /// </summary>
    /// <exception cref="InvalidOperationException">A recording is already in progress.</exception>
    public void Begin() => Begin(null);

    /// <summary>
    /// Starts a recording seeded with the last pre_roll_seconds of audio. During the tail of the
    /// previous recording, that one is completed at once (its tail cut short) first.
    /// </summary>
    /// <param name="recorded">
    /// Also receives every sample this recording keeps, in order, as it is kept (the pre-roll seed at once, then the
    /// blocks and the tail), under the recorder's lock on the capture thread: copy, do not work. Null for none.
    /// </param>
    /// <exception cref="InvalidOperationException">A recording is already in progress.</exception>
    public void Begin(CaptureBlockHandler? recorded)
    {
        lock (_gate)
        {
            if (_state == RecorderState.Recording)
            {
                throw new InvalidOperationException("A recording is already in progress; call End() or Cancel() first.");
            }

            if (_state == RecorderState.Tail)
            {
                Complete();
            }

            _recorded = recorded;
            _tailDetector?.Reset();
            int seed = Math.Min(_preRollSamples, _samplesSinceLastRecording);
            _preRoll.GetLatest(seed, out var first, out var second);
            _recordedPreRoll = Append(first) + Append(second);
            _state = RecorderState.Recording;
        }
    }

    /// <summary>
    /// Stops after tail_seconds more audio has been fed; the task completes with the recording
    /// (at once when the tail is 0). Calling it again during the tail returns the same task.
    /// </summary>
    /// <param name="tailStarts">
    /// Called once under the recorder's lock, between the last sample kept before the end and the tail's first (so in
    /// order with the samples Begin's handler receives; copy or queue, do not work). Null for none.
    /// </param>
    /// <exception cref="InvalidOperationException">No recording is in progress.</exception>
    public Task<DictationRecording> End(Action? tailStarts = null)
    {
        lock (_gate)
        {
            if (_state == RecorderState.Tail)
            {
                return _completion!.Task;
            }

            if (_state != RecorderState.Recording)
            {
                throw new InvalidOperationException("No recording is in progress; call Begin() first.");
            }

            // Continuations run on the thread pool, never inside the audio callback.
            var completion = new TaskCompletionSource<DictationRecording>(TaskCreationOptions.RunContinuationsAsynchronously);
            _completion = completion;
            _tailRemaining = _tailSamples;
            _state = RecorderState.Tail;
            tailStarts?.Invoke();
            if (_tailRemaining == 0)
            {
                Complete();
            }

            return completion.Task;
        }
    }

    /// <summary>Discards the recording in progress (zeroing it); a pending <see cref="End"/> task is cancelled. Idle: no effect.</summary>
    public void Cancel()
    {
        lock (_gate)
        {
            if (_state == RecorderState.Idle)
            {
                return;
            }

            var completion = _completion;
            Reset();
            completion?.TrySetCanceled();
        }
    }

    /// <summary>Adds to the recording under the overflow policy; returns how many samples were kept.</summary>
    private int Append(ReadOnlySpan<float> samples)
    {

        if (Settings.OverflowPolicy == RecordingOverflowPolicy.StopAtCap)
        {
            int room = Math.Min(samples.Length, _recording.Free);
            _droppedAtCap += samples.Length - room;
            samples = samples[..room];
        }

        _recording.Write(samples);
        _recorded?.Invoke(samples);
        if (_tailDetector is { } detector)
        {
            detector.Process(samples);
            // Only its state matters here: drop the finished segments so they do not pile up.
            while (detector.TryDequeue(out _))
            {
            }
        }

        return samples.Length;
    }

    /// <summary>
    /// Whether the tail may end after <paramref name="fed"/> more samples: the detector has heard tail_silence_ms of
    /// silence since End, or speech it heard during the tail (the last word, still being said at End) has ended — its
    /// end of speech is itself tail_silence_ms of silence.
    /// </summary>
    private bool TailHeardEnoughSilence(int fed)
    {
        if (_tailDetector is not { } detector)
        {
            return false;
        }

        if (detector.InSpeech)
        {
            _tailHeardSpeech = true;
            _tailQuiet = 0;
            return false;
        }

        _tailQuiet += fed;
        return _tailHeardSpeech || _tailQuiet >= _tailSilenceSamples;
    }

    private void Complete()
    {
        var buffer = _pool.Rent(_recording.Count);
        _recording.CopyTo(buffer.Span);
        long dropped = _droppedAtCap + _recording.OverwrittenSamples;
        // With KeepNewest the oldest audio goes first, pre-roll included.
        int preRoll = Settings.OverflowPolicy == RecordingOverflowPolicy.KeepNewest
            ? (int)Math.Max(0, _recordedPreRoll - _recording.OverwrittenSamples)
            : _recordedPreRoll;
        var recording = new DictationRecording(
            ++_sequence, buffer, preRoll, Math.Min(_tailRecorded, buffer.Length), dropped, Settings.OverflowPolicy);
        var completion = _completion;
        Reset();
        completion?.TrySetResult(recording);
    }

    private void Reset()
    {
        _recording.Clear();
        _state = RecorderState.Idle;
        _completion = null;
        _recorded = null;
        _tailRemaining = 0;
        _tailRecorded = 0;
        _tailQuiet = 0;
        _tailHeardSpeech = false;
        _recordedPreRoll = 0;
        _droppedAtCap = 0;
        _samplesSinceLastRecording = 0;
    }

    private void CountSinceLastRecording(int samples) =>
        _samplesSinceLastRecording = (int)Math.Min((long)_samplesSinceLastRecording + samples, _preRoll.Capacity);
}
