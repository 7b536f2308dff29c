using VoiceFlow.Core.Audio;

namespace VoiceFlow.Server.Streaming;

/// <summary>
/// Turns the WebSocket's binary frames (little-endian mono PCM16 or float32 at 16 kHz) into float samples. A sample
/// split across two frames (or two fragments of one message) is carried over, so clients may cut frames anywhere.
/// </summary>
internal sealed class PcmFrameDecoder
{
    private readonly byte[] _carry = new byte[4];
    private int _carried;

    public PcmFrameDecoder(StreamEncoding encoding) => BytesPerSample = encoding == StreamEncoding.Float32 ? 4 : 2;

    public int BytesPerSample { get; }

    /// <summary>Samples <see cref="Decode"/> writes for <paramref name="byteCount"/> more bytes (the destination's size).</summary>
    public int SamplesFor(int byteCount) => (_carried + byteCount) / BytesPerSample;

    /// <summary>Decodes <paramref name="bytes"/> into <paramref name="destination"/> and returns the samples written.</summary>
    public int Decode(ReadOnlySpan<byte> bytes, Span<float> destination)
    {
        int written = 0;
        if (_carried > 0)
        {
            int needed = BytesPerSample - _carried;
            if (bytes.Length < needed)
            {
                bytes.CopyTo(_carry.AsSpan(_carried));
                _carried += bytes.Length;
                return 0;
            }

            bytes[..needed].CopyTo(_carry.AsSpan(_carried));
            Convert(_carry.AsSpan(0, BytesPerSample), destination[..1]);
            bytes = bytes[needed..];
            _carried = 0;
            written = 1;
        }

        int whole = bytes.Length / BytesPerSample;
        Convert(bytes[..(whole * BytesPerSample)], destination.Slice(written, whole));
        written += whole;
        var rest = bytes[(whole * BytesPerSample)..];
        rest.CopyTo(_carry);
        _carried = rest.Length;
        return written;
    }

    private void Convert(ReadOnlySpan<byte> source, Span<float> destination)
    {
        if (BytesPerSample == 2)
        {
            SampleConversion.Int16ToFloat(source, destination);
        }
        else
        {
            SampleConversion.Float32ToFloat(source, destination);
        }
    }
}
