using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Capture;
using VoiceFlow.PulseAudio.Interop;

namespace VoiceFlow.PulseAudio;

/// <summary>
/// One open record stream (S16LE, 16 kHz, mono) on a PulseAudio server. <see cref="Read"/> blocks until the block is
/// full and allocates nothing once its byte buffer has grown to the block size. Dispose may be called from another
/// thread: a read in progress finishes first (the handle stays alive until it returns).
/// </summary>
internal sealed class PulseAudioCapture : IAudioCapture
{
    private readonly PulseSimpleHandle _stream;
    private readonly string? _server;
    private byte[] _bytes;

    public PulseAudioCapture(PulseSimpleHandle stream, string sourceName, string? server, int blockSamples)
    {
        _stream = stream;
        _server = server;
        SourceName = sourceName;
        _bytes = new byte[blockSamples * sizeof(short)];
    }

    public string SourceName { get; }

    /// <summary>How long ago the newest sample now available was captured, as the server reports it.</summary>
    public TimeSpan Latency
    {
        get
        {
            ulong microseconds = PulseSimpleNative.GetLatency(_stream, out int error);
            return microseconds == ulong.MaxValue ? throw PulseCaptureErrors.ReadFailed(error, SourceName, _server) : TimeSpan.FromMicroseconds(microseconds);
        }
    }

    public unsafe int Read(Span<float> block)
    {
        if (block.IsEmpty)
        {
            return 0;
        }

        int byteCount = block.Length * sizeof(short);
        if (_bytes.Length < byteCount)
        {
            _bytes = new byte[byteCount];
        }

        int result, error;
        fixed (byte* data = _bytes)
        {
            result = PulseSimpleNative.Read(_stream, data, (nuint)byteCount, out error);
        }

        if (result < 0)
        {
            throw PulseCaptureErrors.ReadFailed(error, SourceName, _server);
        }

        SampleConversion.Int16ToFloat(_bytes.AsSpan(0, byteCount), block);
        return block.Length;
    }

    /// <summary>Drops audio the server has buffered but not yet delivered.</summary>
    public void Flush()
    {
        if (PulseSimpleNative.Flush(_stream, out int error) < 0)
        {
            throw PulseCaptureErrors.ReadFailed(error, SourceName, _server);
        }
    }

    public void Dispose() => _stream.Dispose();
}
