namespace VoiceFlow.Core.Capture;

/// <summary>Opens captures on one sound system (PulseAudio, a file...).</summary>
public interface IAudioCaptureProvider
{
    /// <summary>Short name ("pulseaudio").</summary>
    string Name { get; }

    /// <summary>The sources a user may pass as <see cref="CaptureRequest.Source"/>.</summary>
    /// <exception cref="AudioCaptureException">The sound server cannot be reached.</exception>
    IReadOnlyList<CaptureDevice> ListSources();

    /// <summary>Connects and starts capturing 16 kHz mono.</summary>
    /// <exception cref="AudioCaptureException">No server, no such source, or a refused format.</exception>
    IAudioCapture Open(CaptureRequest request);
}
