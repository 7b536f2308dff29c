namespace VoiceFlow.Core.Audio;

/// <summary>Audio ready for a recogniser: mono float samples at <see cref="AudioFormat.RecognizerSampleRate"/>.</summary>
/// <param name="Samples">Mono samples in [-1, 1] at 16 kHz.</param>
/// <param name="Source">Facts about the original: format, rate, channels, declared vs real duration, repairs.</param>
public sealed record LoadedAudio(ReadOnlyMemory<float> Samples, AudioSourceInfo Source)
{
    /// <summary>Duration of <see cref="Samples"/>.</summary>
    public TimeSpan Duration => AudioFormat.DurationOf(Samples.Length);
}
