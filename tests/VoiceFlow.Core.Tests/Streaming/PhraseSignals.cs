namespace VoiceFlow.Core.Tests.Streaming;

/// <summary>The 16 kHz signals the phrase-cutting tests build their recordings from.</summary>
internal static class PhraseSignals
{
    public const int Rate = 16_000;

    public static float[] Silence(double seconds) => new float[(int)(seconds * Rate)];

    /// <summary>A 440 Hz tone with a small offset, loud enough for any detector to call it voice.</summary>
    public static float[] Tone(double seconds) =>
        [.. Enumerable.Range(0, (int)(seconds * Rate)).Select(i => 0.3f * MathF.Sin(2 * MathF.PI * 440 * i / Rate) + 0.01f)];
}
