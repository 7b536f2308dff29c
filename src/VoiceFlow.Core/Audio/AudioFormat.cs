namespace VoiceFlow.Core.Audio;

/// <summary>Facts shared by the whole audio path.</summary>
public static class AudioFormat
{
    /// <summary>Every recogniser in VoiceFlow takes mono float samples at this rate.</summary>
    public const int RecognizerSampleRate = 16_000;

    /// <summary>Duration of <paramref name="sampleCount"/> samples at <see cref="RecognizerSampleRate"/>.</summary>
    public static TimeSpan DurationOf(int sampleCount) => TimeSpan.FromSeconds(sampleCount / (double)RecognizerSampleRate);

    /// <summary>Duration of <paramref name="sampleCount"/> samples at <see cref="RecognizerSampleRate"/> (a long file).</summary>
    public static TimeSpan DurationOf(long sampleCount) => TimeSpan.FromSeconds(sampleCount / (double)RecognizerSampleRate);
}
