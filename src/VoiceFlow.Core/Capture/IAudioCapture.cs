namespace VoiceFlow.Core.Capture;

/// <summary>
/// A live source of 16 kHz mono samples: a microphone, a PulseAudio monitor, or a file played at
/// real-time pace. One reader at a time; the reading thread blocks in <see cref="Read"/>.
/// </summary>
public interface IAudioCapture : IDisposable
{
    /// <summary>The source being read (device name or file path), for messages.</summary>
    string SourceName { get; }

    /// <summary>
    /// Fills <paramref name="block"/> with the next samples, blocking until they have arrived.
    /// Returns the number written: <c>block.Length</c> while the source runs, fewer (0 at the end)
    /// only when a finite source ends.
    /// </summary>
    /// <exception cref="AudioCaptureException">The device or the sound server went away.</exception>
    int Read(Span<float> block);
}
