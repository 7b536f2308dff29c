using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Capture;
using VoiceFlow.Core.Errors;
using VoiceFlow.PulseAudio.Interop;

namespace VoiceFlow.PulseAudio;

/// <summary>
/// Captures from a PulseAudio server (or PipeWire's PulseAudio service) through libpulse-simple: 16-bit 16 kHz mono is
/// requested from the server, which converts from whatever the device delivers, with fragments as small as
/// <see cref="CaptureRequest.Latency"/> so the start of speech is not delayed. Sources are listed with <c>pactl</c>.
/// </summary>
public sealed class PulseAudioCaptureProvider : IAudioCaptureProvider
{
    /// <summary>Uses <paramref name="server"/> (e.g. <c>unix:/run/user/1000/pulse/native</c>); null lets libpulse resolve it (PULSE_SERVER, the session's server).</summary>
    public PulseAudioCaptureProvider(string? server = null)
    {
        Server = string.IsNullOrWhiteSpace(server) ? null : server;
    }

    /// <summary>The explicit server address, or null for libpulse's own resolution.</summary>
    public string? Server { get; }

    /// <inheritdoc />
    public string Name => "pulseaudio";

    /// <inheritdoc />
    /// <exception cref="AudioCaptureException">pactl is missing (package pulseaudio-utils) or the server cannot be reached.</exception>
    public IReadOnlyList<CaptureDevice> ListSources() => PulseSourceList.Query(Server);

    /// <inheritdoc />
    /// <exception cref="ConfigurationException">A block size or latency out of range.</exception>
    /// <exception cref="AudioCaptureException">libpulse0 missing, server unreachable, unknown source.</exception>
    public IAudioCapture Open(CaptureRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.BlockSamples is < 1 or > AudioFormat.RecognizerSampleRate * 10)
        {
            throw new ConfigurationException($"capture block size = {request.BlockSamples} samples is out of range (allowed: 1..160000)");
        }

        if (request.Latency <= TimeSpan.Zero || request.Latency > TimeSpan.FromSeconds(5))
        {
            throw new ConfigurationException($"capture latency = {request.Latency.TotalMilliseconds} ms is out of range (allowed: above 0, up to 5000 ms)");
        }

        var spec = new SampleSpec(SampleSpec.S16LittleEndian, AudioFormat.RecognizerSampleRate, 1);
        uint fragmentBytes = (uint)Math.Max(2 * sizeof(short), Math.Round(request.Latency.TotalSeconds * AudioFormat.RecognizerSampleRate) * sizeof(short));
        var attributes = new BufferAttributes(fragmentBytes);
        PulseSimpleHandle stream;
        int error;
        try
        {
            stream = PulseSimpleNative.New(Server, request.ApplicationName, PulseSimpleNative.StreamRecord, request.Source, "capture", spec, IntPtr.Zero, attributes, out error);
        }
        catch (DllNotFoundException ex)
        {
            throw PulseCaptureErrors.LibraryMissing(ex);
        }

        if (stream.IsInvalid)
        {
            stream.Dispose();
            throw PulseCaptureErrors.OpenFailed(error, request.Source, Server);
        }

        return new PulseAudioCapture(stream, request.Source ?? "the default source", Server, request.BlockSamples);
    }
}
