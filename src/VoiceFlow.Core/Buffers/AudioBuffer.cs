using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace VoiceFlow.Core.Buffers;

/// <summary>
/// A rented run of samples. A value type, so renting allocates nothing; every copy refers to the
/// same lease, and the first <see cref="Dispose"/> of any copy returns the array: after it,
/// <see cref="Memory"/> and <see cref="Span"/> throw <see cref="ObjectDisposedException"/> and
/// further disposes do nothing. The default value is an empty buffer.
/// </summary>
public readonly struct AudioBuffer : IMemoryOwner<float>, IEquatable<AudioBuffer>
{
    private readonly AudioBufferPool.Slot? _slot;
    private readonly int _version;
    private readonly int _length;

    internal AudioBuffer(AudioBufferPool.Slot slot, int version, int length)
    {
        _slot = slot;
        _version = version;
        _length = length;
    }

    /// <summary>Samples in the buffer.</summary>
    public int Length => _length;

    /// <summary>False once any copy of this lease was disposed.</summary>
    public bool IsLeased => _slot is null || _slot.Version == _version;

    /// <summary>The samples.</summary>
    /// <exception cref="ObjectDisposedException">The buffer was returned.</exception>
    public Memory<float> Memory => _slot is null ? Memory<float>.Empty : Array.AsMemory(0, _length);

    /// <summary>The samples.</summary>
    /// <exception cref="ObjectDisposedException">The buffer was returned.</exception>
    public Span<float> Span => _slot is null ? [] : Array.AsSpan(0, _length);

    private float[] Array
    {
        get
        {
            if (_slot!.Version != _version)
            {
                ThrowReturned();
            }

            return _slot.Array;
        }
    }

    public static bool operator ==(AudioBuffer left, AudioBuffer right) => left.Equals(right);

    public static bool operator !=(AudioBuffer left, AudioBuffer right) => !left.Equals(right);

    /// <summary>Returns the array to its pool (once, whichever copy is disposed first).</summary>
    public void Dispose() => _slot?.Release(_version);

    public bool Equals(AudioBuffer other) => ReferenceEquals(_slot, other._slot) && _version == other._version && _length == other._length;

    public override bool Equals(object? obj) => obj is AudioBuffer other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_slot, _version, _length);

    [DoesNotReturn]
    private static void ThrowReturned() =>
        throw new ObjectDisposedException(nameof(AudioBuffer), "The audio buffer was returned to its pool; rent a new one.");
}
