using VoiceFlow.Core.Audio;

namespace VoiceFlow.Core.Vad;

/// <summary>A half-open range of samples [<see cref="Start"/>, <see cref="End"/>) at 16 kHz, counted from the start of the stream.</summary>
/// <param name="Start">First sample.</param>
/// <param name="End">One past the last sample.</param>
public readonly record struct SampleRange(long Start, long End)
{
    /// <summary>Number of samples.</summary>
    public long Length => End - Start;

    /// <summary>Start as a time from the beginning of the stream.</summary>
    public TimeSpan StartTime => TimeSpan.FromSeconds(Start / (double)AudioFormat.RecognizerSampleRate);

    /// <summary>End as a time from the beginning of the stream.</summary>
    public TimeSpan EndTime => TimeSpan.FromSeconds(End / (double)AudioFormat.RecognizerSampleRate);

    /// <summary>Length as a duration.</summary>
    public TimeSpan Duration => EndTime - StartTime;
}
