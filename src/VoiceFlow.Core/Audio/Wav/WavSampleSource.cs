using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Audio;

/// <summary>
/// Decodes a WAV data chunk block by block into mono floats at the file's own rate. Buffers are
/// allocated once, sized by a fixed byte budget rather than by anything the header claims.
/// Create it with <see cref="WavReader.OpenAsync(Stream, string, CancellationToken)"/>.
/// </summary>
public sealed class WavSampleSource : IMonoSampleSource
{
    /// <summary>Raw bytes decoded per block: large enough to amortise calls, small enough to stay in cache.</summary>
    private const int BlockBytes = 64 * 1024;

    private readonly RiffByteReader _reader;
    private readonly Stream? _ownedStream;
    private readonly WavLayout _layout;
    private readonly string _name;
    private readonly byte[] _bytes;
    private readonly float[] _interleaved;
    private readonly int _framesPerBlock;
    private long _bytesRead;
    private long _framesRead;
    private bool _ended;

    internal WavSampleSource(RiffByteReader reader, WavLayout layout, string name, Stream? ownedStream)
    {
        _reader = reader;
        _layout = layout;
        _name = name;
        _ownedStream = ownedStream;
        var format = layout.Format;
        _framesPerBlock = Math.Max(1, BlockBytes / format.BlockAlign);
        _bytes = new byte[_framesPerBlock * format.BlockAlign];
        _interleaved = format.Channels == 1 ? [] : new float[_framesPerBlock * format.Channels];
        if (layout.DataBytes == 0)
            throw WavFormatParser.Error(name, "the data chunk holds no audio");
    }

    /// <inheritdoc/>
    public int SampleRate => _layout.Format.SampleRate;

    /// <summary>Frames in the data chunk when the stream can seek (so the size was checked against the file); otherwise null.</summary>
    public long? Length => _reader.Remaining is null ? null : _layout.DataBytes / _layout.Format.BlockAlign;

    /// <inheritdoc/>
    public async ValueTask<int> ReadAsync(Memory<float> destination, CancellationToken cancellationToken = default)
    {
        if (_ended || destination.IsEmpty) return 0;
        var format = _layout.Format;
        long wantedBytes = (long)Math.Min(destination.Length, _framesPerBlock) * format.BlockAlign;
        if (_layout.DataBytes is long limit)
            wantedBytes = Math.Min(wantedBytes, limit - _bytesRead);
        int read = wantedBytes == 0 ? 0 : await _reader.ReadAsync(_bytes.AsMemory(0, (int)wantedBytes), cancellationToken).ConfigureAwait(false);
        _bytesRead += read;
        if (read < wantedBytes || _bytesRead == _layout.DataBytes)
            End(streamEndedEarly: read < wantedBytes, partialFrameBytes: read % format.BlockAlign);

        int frames = read / format.BlockAlign;
        if (frames == 0)
        {
            if (_framesRead == 0)
                throw WavFormatParser.Error(_name, "the data chunk holds no audio");
            return 0;
        }
        var bytes = _bytes.AsSpan(0, frames * format.BlockAlign);
        var mono = destination.Span[..frames];
        if (format.Channels == 1)
        {
            WavFrameDecoder.Decode(format, bytes, mono);
        }
        else
        {
            var interleaved = _interleaved.AsSpan(0, frames * format.Channels);
            WavFrameDecoder.Decode(format, bytes, interleaved);
            MonoMixdown.Mix(interleaved, format.Channels, mono);
        }
        _framesRead += frames;
        return frames;
    }

    /// <summary>Records how the data ended: early (only possible when the stream cannot seek) or with a partial frame.</summary>
    private void End(bool streamEndedEarly, int partialFrameBytes)
    {
        _ended = true;
        if (streamEndedEarly && _layout.DataBytes is long limit)
            _layout.Repairs.Add($"data size header said {limit} bytes, the stream held {_bytesRead}");
        if (partialFrameBytes > 0)
            _layout.Repairs.Add($"dropped a truncated last frame of {partialFrameBytes} byte(s)");
    }

    /// <inheritdoc/>
    public AudioSourceInfo Describe()
    {
        var format = _layout.Format;
        return new AudioSourceInfo
        {
            Name = _name,
            Container = $"WAV ({_layout.Container})",
            Encoding = format.Describe(),
            SampleRate = format.SampleRate,
            Channels = format.Channels,
            BitsPerSample = format.BitsPerSample,
            DeclaredDuration = _layout.DeclaredDataBytes is long declared
                ? Duration(declared / format.BlockAlign, format.SampleRate)
                : null,
            Duration = Duration(_framesRead, format.SampleRate),
            Repairs = [.. _layout.Repairs],
        };
    }

    /// <summary>
    /// Frames at a rate as a duration, saturating at <see cref="TimeSpan.MaxValue"/>: an RF64 header may declare
    /// 2^63 bytes at 1 Hz, more seconds than a TimeSpan holds (found by fuzzing).
    /// </summary>
    private static TimeSpan Duration(long frames, int sampleRate)
    {
        double seconds = frames / (double)sampleRate;
        return seconds < TimeSpan.MaxValue.TotalSeconds ? TimeSpan.FromSeconds(seconds) : TimeSpan.MaxValue;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _ownedStream?.DisposeAsync() ?? ValueTask.CompletedTask;
}
