using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Vad.Silero;

/// <summary>
/// How Silero's speech probabilities become speech regions; the defaults are silero-vad's own get_speech_timestamps
/// defaults (threshold 0.5, negative threshold threshold − 0.15, min speech 250 ms, min silence 100 ms, pad 30 ms).
/// </summary>
public sealed record SileroVadOptions
{
    /// <summary>A chunk at or above this probability is speech.</summary>
    public float Threshold { get; init; } = 0.5f;

    /// <summary>Speech ends only below this probability (hysteresis); null for max(threshold − 0.15, 0.01).</summary>
    public float? NegativeThreshold { get; init; }

    /// <summary>Speech shorter than this is dropped.</summary>
    public TimeSpan MinSpeech { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Silence at least this long ends speech.</summary>
    public TimeSpan MinSilence { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Added on each side of every region (shared fairly when two regions are closer than twice this).</summary>
    public TimeSpan SpeechPad { get; init; } = TimeSpan.FromMilliseconds(30);

    /// <summary>
    /// Longest region; a longer one is split at its longest pause (of more than <see cref="MinSilenceAtMaxSpeech"/>),
    /// else cut hard. Null for no limit.
    /// </summary>
    public TimeSpan? MaxSpeech { get; init; }

    /// <summary>Pauses longer than this are candidates for splitting an overlong region.</summary>
    public TimeSpan MinSilenceAtMaxSpeech { get; init; } = TimeSpan.FromMilliseconds(98);

    /// <summary>The negative threshold in force.</summary>
    public float EffectiveNegativeThreshold => NegativeThreshold ?? Math.Max(Threshold - 0.15f, 0.01f);

    /// <summary>Throws <see cref="ConfigurationException"/> naming the first value out of range.</summary>
    public void Validate()
    {
        if (!(Threshold is > 0 and < 1))
        {
            throw new ConfigurationException($"vad_threshold = {Threshold} is out of range for Silero (allowed: (0, 1))");
        }

        if (!(EffectiveNegativeThreshold > 0 && EffectiveNegativeThreshold <= Threshold))
        {
            throw new ConfigurationException($"Silero negative threshold {EffectiveNegativeThreshold} must be in (0, threshold]");
        }

        if (MinSpeech < TimeSpan.Zero || MinSilence < TimeSpan.Zero || SpeechPad < TimeSpan.Zero || MinSilenceAtMaxSpeech < TimeSpan.Zero)
        {
            throw new ConfigurationException("Silero durations cannot be negative");
        }

        if (MaxSpeech is { } max && max.TotalSeconds * 16_000 <= SileroModel.ChunkSamples + 2 * SpeechPad.TotalSeconds * 16_000)
        {
            throw new ConfigurationException($"Silero max speech {max.TotalSeconds} s is shorter than a chunk plus the padding");
        }
    }
}
