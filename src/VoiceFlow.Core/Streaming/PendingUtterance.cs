using System.Buffers;

namespace VoiceFlow.Core.Streaming;

/// <summary>
/// A copy of one utterance's audio in a pooled array, waiting to be transcribed, and its decode while it was spoken
/// (<see cref="Decoding"/>; null for none); <see cref="Release"/> returns the array and abandons an unfinished decode.
/// </summary>
internal readonly record struct PendingUtterance(int Index, long StartSample, long EndSample, float[] Samples)
{
    /// <summary>The utterance fed to the engine's stream while it was spoken, to its last sample; null to decode it whole.</summary>
    public StreamFeed? Decoding { get; init; }

    public int Length => (int)(EndSample - StartSample);

    public ReadOnlyMemory<float> Audio => Samples.AsMemory(0, Length);

    public static PendingUtterance Copy(int index, long start, ReadOnlySpan<float> audio)
    {
        var samples = ArrayPool<float>.Shared.Rent(Math.Max(1, audio.Length));
        audio.CopyTo(samples);
        return new PendingUtterance(index, start, start + audio.Length, samples);
    }

    public void Release()
    {
        Decoding?.Dispose();
        ArrayPool<float>.Shared.Return(Samples);
    }
}
