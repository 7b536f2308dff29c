using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Buffers;

namespace VoiceFlow.Dictation.Recording;

/// <summary>
/// One finished recording: pre-roll, what was said, and the tail, as one rented buffer. Dispose it
/// when the samples have been transcribed, to return (and zero) the buffer.
/// </summary>
public sealed class DictationRecording : IDisposable
{
    private readonly AudioBuffer _buffer;

    internal DictationRecording(long sequence, AudioBuffer buffer, int preRollSamples, int tailSamples, long droppedSamples, RecordingOverflowPolicy overflowPolicy)
    {
        Sequence = sequence;
        _buffer = buffer;
        PreRollSamples = preRollSamples;
        TailSamples = tailSamples;
        DroppedSamples = droppedSamples;
        OverflowPolicy = overflowPolicy;
    }

    /// <summary>1 for the recorder's first recording, then 2, 3...</summary>
    public long Sequence { get; }

    /// <summary>The 16 kHz mono samples, oldest first.</summary>
    /// <exception cref="ObjectDisposedException">After <see cref="Dispose"/>.</exception>
    public ReadOnlyMemory<float> Samples => _buffer.Memory;

    /// <summary>Number of samples.</summary>
    public int Length => _buffer.Length;

    /// <summary>Duration of the samples.</summary>
    public TimeSpan Duration => AudioFormat.DurationOf(Length);

    /// <summary>Leading samples that came from the pre-roll ring (recorded before Begin).</summary>
    public int PreRollSamples { get; }

    /// <summary>Trailing samples recorded after End.</summary>
    public int TailSamples { get; }

    /// <summary>Samples lost to the recording cap (0 normally): the oldest ones or the latest ones, by <see cref="OverflowPolicy"/>.</summary>
    public long DroppedSamples { get; }

    /// <summary>True when the recording hit the cap and lost audio.</summary>
    public bool Overflowed => DroppedSamples > 0;

    /// <summary>Which end of the recording was dropped when it <see cref="Overflowed"/>.</summary>
    public RecordingOverflowPolicy OverflowPolicy { get; }

    /// <summary>Duration of the dropped audio.</summary>
    public TimeSpan DroppedDuration => TimeSpan.FromSeconds(DroppedSamples / (double)AudioFormat.RecognizerSampleRate);

    /// <summary>Returns the buffer (zeroed) to its pool.</summary>
    public void Dispose() => _buffer.Dispose();
}
