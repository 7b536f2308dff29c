namespace VoiceFlow.Core.Vad;

/// <summary>Finds the part of a recording between its first and last speech, keeping a small margin of silence.</summary>
public static class SilenceTrimmer
{
    /// <summary>Margin kept when none is given.</summary>
    public static readonly TimeSpan DefaultMargin = TimeSpan.FromMilliseconds(200);

    /// <summary>The range to keep; empty (<c>Length == 0</c>) when no speech was detected.</summary>
    /// <param name="samples">Mono 16 kHz samples.</param>
    /// <param name="margin">Silence kept on each side; null for <see cref="DefaultMargin"/>.</param>
    /// <param name="vad">Detector settings; null for the defaults.</param>
    public static SampleRange Trim(ReadOnlySpan<float> samples, TimeSpan? margin = null, VadOptions? vad = null)
    {
        var speech = EnergyVad.Detect(samples, vad);
        if (speech.Count == 0)
        {
            return new SampleRange(0, 0);
        }

        long keep = (long)((margin ?? DefaultMargin).TotalSeconds * 16_000);
        ArgumentOutOfRangeException.ThrowIfNegative(keep, nameof(margin));
        return new SampleRange(Math.Max(0, speech[0].Start - keep), Math.Min(samples.Length, speech[^1].End + keep));
    }
}
