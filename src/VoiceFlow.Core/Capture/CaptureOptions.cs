using VoiceFlow.Core.Configuration;

namespace VoiceFlow.Core.Capture;

/// <summary>Which microphone is read and through which sound server.</summary>
/// <param name="Source">capture_source: a PulseAudio source name; null for the server's default.</param>
/// <param name="Server">pulse_server: the PulseAudio server address; null for libpulse's own choice.</param>
public sealed record CaptureOptions(string? Source = null, string? Server = null)
{
    /// <summary>The settings the configuration asks for.</summary>
    public static CaptureOptions From(VoiceFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new CaptureOptions(options.CaptureSource, options.PulseServer);
    }

    /// <summary>A request for <see cref="Source"/> in 20 ms blocks, named <paramref name="applicationName"/> in the sound server.</summary>
    public CaptureRequest Request(string applicationName) => new() { Source = Source, ApplicationName = applicationName };
}
