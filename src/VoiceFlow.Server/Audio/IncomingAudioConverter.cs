using VoiceFlow.Core.Audio;

namespace VoiceFlow.Server.Audio;

/// <summary>How the samples of incoming raw audio are encoded.</summary>
internal enum IncomingSampleEncoding
{
    /// <summary>Unsigned 8-bit PCM.</summary>
    UInt8,

    /// <summary>Signed 16-bit little-endian PCM.</summary>
    Int16,

    /// <summary>Signed 24-bit little-endian PCM (3 bytes).</summary>
    Int24,

    /// <summary>Signed 32-bit little-endian PCM.</summary>
    Int32,

    /// <summary>G.711 μ-law (one byte).</summary>
    MuLaw,

    /// <summary>G.711 A-law (one byte).</summary>
    ALaw,
}

/// <summary>
/// Turns raw audio that arrives in pieces (Realtime appends, Wyoming chunks) — any encoding of
/// <see cref="IncomingSampleEncoding"/>, any rate, any channel count — into 16 kHz mono floats: decode, average the
/// channels, resample. A frame split between two pieces is carried over, so clients may cut anywhere. One instance per
/// stream; not thread-safe. Its buffers grow to the largest piece seen (the callers bound pieces).
/// </summary>
internal sealed class IncomingAudioConverter
{
    /// <summary>Lowest and highest sample rates accepted.</summary>
    public const int MinRate = 4_000;
    public const int MaxRate = 192_000;

    /// <summary>Most channels accepted.</summary>
    public const int MaxChannels = 16;

    private readonly IncomingSampleEncoding _encoding;
    private readonly int _channels;
    private readonly StreamingResampler? _resampler;
    private readonly byte[] _carry;
    private int _carried;
    private float[] _decoded = [];
    private float[] _mono = [];
    private float[] _output = [];

    public IncomingAudioConverter(IncomingSampleEncoding encoding, int rate, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rate, MinRate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rate, MaxRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, MaxChannels);
        _encoding = encoding;
        _channels = channels;
        Rate = rate;
        BytesPerFrame = BytesPerSample(encoding) * channels;
        _carry = new byte[BytesPerFrame];
        _resampler = rate == AudioFormat.RecognizerSampleRate ? null : new StreamingResampler(rate, AudioFormat.RecognizerSampleRate);
    }

    /// <summary>The incoming sample rate.</summary>
    public int Rate { get; }

    /// <summary>Bytes of one frame (one sample of every channel).</summary>
    public int BytesPerFrame { get; }

    /// <summary>Bytes per sample of <paramref name="encoding"/>.</summary>
    public static int BytesPerSample(IncomingSampleEncoding encoding) => encoding switch
    {
        IncomingSampleEncoding.Int16 => 2,
        IncomingSampleEncoding.Int24 => 3,
        IncomingSampleEncoding.Int32 => 4,
        _ => 1,
    };

    /// <summary>Converts the next piece; the returned samples stay valid until the next call.</summary>
    public ReadOnlySpan<float> Convert(ReadOnlySpan<byte> bytes)
    {
        int frames = (_carried + bytes.Length) / BytesPerFrame;
        int samples = frames * _channels;
        EnsureLength(ref _decoded, samples);
        int written = 0;
        if (_carried > 0)
        {
            int needed = BytesPerFrame - _carried;
            if (bytes.Length < needed)
            {
                bytes.CopyTo(_carry.AsSpan(_carried));
                _carried += bytes.Length;
                return [];
            }

            bytes[..needed].CopyTo(_carry.AsSpan(_carried));
            Decode(_carry, _decoded.AsSpan(0, _channels));
            bytes = bytes[needed..];
            _carried = 0;
            written = _channels;
        }

        int whole = bytes.Length / BytesPerFrame * BytesPerFrame;
        Decode(bytes[..whole], _decoded.AsSpan(written, samples - written));
        var rest = bytes[whole..];
        rest.CopyTo(_carry);
        _carried = rest.Length;
        return Finish(_decoded.AsSpan(0, samples), frames);
    }

    /// <summary>The resampler's last samples (the look-ahead it held back); call once at the end of the stream.</summary>
    public ReadOnlySpan<float> Flush()
    {
        if (_resampler is null)
        {
            return [];
        }

        EnsureLength(ref _output, _resampler.PendingFlushLength);
        int count = _resampler.Flush(_output);
        _resampler.Reset();
        return _output.AsSpan(0, count);
    }

    private ReadOnlySpan<float> Finish(Span<float> interleaved, int frames)
    {
        Span<float> mono = interleaved[..frames];
        if (_channels > 1)
        {
            EnsureLength(ref _mono, frames);
            mono = _mono.AsSpan(0, frames);
            MonoMixdown.Mix(interleaved, _channels, mono);
        }

        if (_resampler is null)
        {
            return mono;
        }

        EnsureLength(ref _output, _resampler.MaxOutputLength(frames));
        int count = _resampler.Process(mono, _output);
        return _output.AsSpan(0, count);
    }

    private void Decode(ReadOnlySpan<byte> source, Span<float> destination)
    {
        switch (_encoding)
        {
            case IncomingSampleEncoding.UInt8:
                SampleConversion.UInt8ToFloat(source, destination);
                break;
            case IncomingSampleEncoding.Int16:
                SampleConversion.Int16ToFloat(source, destination);
                break;
            case IncomingSampleEncoding.Int24:
                SampleConversion.Int24ToFloat(source, destination);
                break;
            case IncomingSampleEncoding.Int32:
                SampleConversion.Int32ToFloat(source, destination);
                break;
            case IncomingSampleEncoding.MuLaw:
                G711.MuLawToFloat(source, destination);
                break;
            case IncomingSampleEncoding.ALaw:
                G711.ALawToFloat(source, destination);
                break;
        }
    }

    private static void EnsureLength(ref float[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new float[Math.Max(length, buffer.Length * 2)];
        }
    }
}
