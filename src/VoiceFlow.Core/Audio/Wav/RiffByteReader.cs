namespace VoiceFlow.Core.Audio;

/// <summary>
/// Forward-only byte access to a RIFF stream that knows how many bytes really remain when the stream
/// can seek, so that no size read from a header is used before being checked against it.
/// </summary>
internal sealed class RiffByteReader(Stream stream)
{
    private readonly long? _length = stream.CanSeek ? Math.Max(0, stream.Length - stream.Position) : null;
    private byte[]? _skipBuffer;

    /// <summary>Bytes consumed so far.</summary>
    internal long Position { get; private set; }

    /// <summary>Bytes left before the end of the stream, when the stream can tell.</summary>
    internal long? Remaining => _length - Position;

    /// <summary>Fills <paramref name="buffer"/> unless the stream ends first; returns the count read.</summary>
    internal async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        int read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        Position += read;
        return read;
    }

    /// <summary>Skips up to <paramref name="count"/> bytes; returns the count skipped (less at the end of the stream).</summary>
    internal async ValueTask<long> SkipAsync(long count, CancellationToken cancellationToken)
    {
        if (Remaining is long remaining)
        {
            long step = Math.Min(count, remaining);
            stream.Seek(step, SeekOrigin.Current);
            Position += step;
            return step;
        }
        _skipBuffer ??= new byte[4096];
        long skipped = 0;
        while (skipped < count)
        {
            int read = await ReadAsync(_skipBuffer.AsMemory(0, (int)Math.Min(_skipBuffer.Length, count - skipped)), cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            skipped += read;
        }
        return skipped;
    }
}
