using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Vad;

/// <summary>Settings of <see cref="SpeechSegmenter"/>.</summary>
public sealed record SegmenterOptions
{
    /// <summary>Longest chunk handed to an engine, in seconds (Whisper handles up to 30 s per window; 25 leaves room).</summary>
    public double MaxChunkSeconds { get; init; } = 25;

    /// <summary>Audio kept before and after the detected speech of a chunk, in seconds.</summary>
    public double MarginSeconds { get; init; } = 0.2;

    internal long MaxChunkSamples => (long)(MaxChunkSeconds * 16_000);

    internal long MarginSamples => (long)(MarginSeconds * 16_000);

    /// <summary>Throws <see cref="ConfigurationException"/> naming the first value out of range.</summary>
    public void Validate()
    {
        if (!(MaxChunkSeconds is >= 1 and <= 600))
        {
            throw new ConfigurationException($"segmenter.max_chunk_seconds = {MaxChunkSeconds} is out of range (allowed: 1..600)");
        }

        if (!(MarginSeconds >= 0 && MarginSeconds <= MaxChunkSeconds / 4))
        {
            throw new ConfigurationException($"segmenter.margin_seconds = {MarginSeconds} is out of range (allowed: 0..max_chunk_seconds/4)");
        }
    }
}
