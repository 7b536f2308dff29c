using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Whisper.Ggml;

/// <summary>
/// A bounds-checked little-endian cursor over the mapped file. Every read checks the remaining
/// length first and fails with a <see cref="ModelFormatException"/> naming the field.
/// </summary>
internal unsafe struct GgmlReader
{
    private readonly byte* _base;
    private readonly string _file;

    public GgmlReader(byte* data, long length, string file)
    {
        _base = data;
        Length = length;
        _file = file;
    }

    public long Length { get; }

    public long Position { get; private set; }

    public readonly long Remaining => Length - Position;

    public readonly byte* Pointer(long offset) => _base + offset;

    public int ReadInt32(string field)
    {
        Require(4, field);
        int value = BinaryPrimitives.ReadInt32LittleEndian(new ReadOnlySpan<byte>(_base + Position, 4));
        Position += 4;
        return value;
    }

    public uint ReadUInt32(string field) => unchecked((uint)ReadInt32(field));

    public ReadOnlySpan<byte> ReadBytes(long count, string field)
    {
        if (count < 0)
        {
            Fail($"{field}: negative length {count}");
        }

        Require(count, field);
        var span = new ReadOnlySpan<byte>(_base + Position, checked((int)count));
        Position += count;
        return span;
    }

    /// <summary>Skips <paramref name="count"/> bytes after checking they exist.</summary>
    public long Skip(long count, string field)
    {
        Require(count, field);
        long start = Position;
        Position += count;
        return start;
    }

    public readonly void Require(long count, string field)
    {
        if (count < 0)
        {
            Fail($"{field}: negative length {count}");
        }

        if (count > Remaining)
        {
            Fail($"{field}: needs {count} bytes at offset {Position} but the file has {Remaining} left (truncated?)");
        }
    }

    [DoesNotReturn]
    public readonly void Fail(string message) => throw new ModelFormatException($"{message} in {_file}");
}
