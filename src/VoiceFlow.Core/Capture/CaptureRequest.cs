namespace VoiceFlow.Core.Capture;

/// <summary>What to capture and how.</summary>
public sealed record CaptureRequest
{
    /// <summary>Source name; null for the server's default source.</summary>
    public string? Source { get; init; }

    /// <summary>Samples per block handed to <see cref="IAudioCapture.Read"/> callers (default 20 ms at 16 kHz).</summary>
    public int BlockSamples { get; init; } = 320;

    /// <summary>Target capture latency: small values keep the first words of a dictation in time.</summary>
    public TimeSpan Latency { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Client name shown by the sound server.</summary>
    public string ApplicationName { get; init; } = "VoiceFlow";
}
