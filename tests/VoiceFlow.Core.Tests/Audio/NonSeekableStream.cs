namespace VoiceFlow.Core.Tests.Audio;

/// <summary>A stream that cannot seek or tell its length and returns short reads, like a pipe or an HTTP body.</summary>
internal sealed class NonSeekableStream(byte[] bytes, int maxChunk = 1000) : ForwardOnlyStream
{
    private int _position;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int count = Math.Min(Math.Min(buffer.Length, maxChunk), bytes.Length - _position);
        bytes.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));
}
