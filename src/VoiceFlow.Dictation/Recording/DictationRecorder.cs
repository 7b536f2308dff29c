using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Buffers;

namespace VoiceFlow.Dictation.Recording;

/// <summary>
/// Push-to-talk recording over a continuous block stream. Feed every capture block to
/// <see cref="Write"/>; it always fills the pre-roll ring, and between <see cref="Begin"/> and the
/// end of the tail it also fills the recording. <see cref="Begin"/> seeds the recording with the
/// last pre_roll_seconds so first words are not cut; <see cref="End"/> keeps recording
/// tail_seconds (counted in samples fed, not wall time) so last words are not cut, then completes
/// the task it returned.
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
    private RecorderState _state;
    private int _samplesSinceLastRecording; // pre-roll eligible for the next recording, saturating
    private int _recordedPreRoll;
    private int _tailRemaining;
    private int _tailRecorded;
    private long _droppedAtCap; // StopAtCap only; KeepNewest counts in the ring
    private long _sequence;
    private TaskCompletionSource<DictationRecording>? _completion;

    /// <exception cref="VoiceFlow.Core.Errors.ConfigurationException">A setting out of range.</exception>
    public DictationRecorder(DictationRecorderSettings settings, IAudioBufferPool pool)
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
                    if (_tailRemaining == 0)
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
    public void Begin()
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
    /// <exception cref="InvalidOperationException">No recording is in progress.</exception>
    public Task<DictationRecording> End()
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
        return samples.Length;
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
        _tailRemaining = 0;
        _tailRecorded = 0;
        _recordedPreRoll = 0;
        _droppedAtCap = 0;
        _samplesSinceLastRecording = 0;
    }

    private void CountSinceLastRecording(int samples) =>
        _samplesSinceLastRecording = (int)Math.Min((long)_samplesSinceLastRecording + samples, _preRoll.Capacity);
}
