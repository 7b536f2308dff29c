using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VoiceFlow.Core.Audio;

/// <summary>
/// Little-endian PCM bytes to floats in [-1, 1). Each conversion has a scalar reference
/// (<c>...Scalar</c>, the definition, read with <see cref="BinaryPrimitives"/>) and vector versions that
/// must give bit-identical results: the scale factors are powers of two, so the only rounding is the
/// int-to-float conversion, which is round-to-nearest in both paths.
/// The dispatching methods pick the widest accelerated width; tests call every width directly.
/// </summary>
internal static partial class SampleConversion
{
    internal const float Int16Scale = 1f / 32768f;
    internal const float Int32Scale = 1f / 2147483648f;
    internal const float UInt8Scale = 1f / 128f;

    /// <summary>Vector paths reinterpret the bytes as native integers, which is only right on little-endian hosts.</summary>
    private static bool VectorPathsAllowed => BitConverter.IsLittleEndian;

    // ---- signed 16-bit ----

    internal static void Int16ToFloat(ReadOnlySpan<byte> source, Span<float> destination)
    {
        int count = CheckLengths(source.Length, 2, destination.Length);
        if (VectorPathsAllowed && Vector256.IsHardwareAccelerated) Int16ToFloatVector256(source, destination[..count]);
        else if (VectorPathsAllowed && Vector128.IsHardwareAccelerated) Int16ToFloatVector128(source, destination[..count]);
        else Int16ToFloatScalar(source, destination[..count]);
    }

    internal static void Int16ToFloatScalar(ReadOnlySpan<byte> source, Span<float> destination)
    {
        destination = destination[..(source.Length / 2)]; // whole samples only; throws if the destination is too short
        for (int i = 0; i < destination.Length; i++)
            destination[i] = BinaryPrimitives.ReadInt16LittleEndian(source[(2 * i)..]) * Int16Scale;
    }

    internal static void Int16ToFloatVector256(ReadOnlySpan<byte> source, Span<float> destination)
    {
        destination = destination[..(source.Length / 2)]; // whole samples only; throws if the destination is too short
        ref short src = ref Unsafe.As<byte, short>(ref MemoryMarshal.GetReference(source));
        ref float dst = ref MemoryMarshal.GetReference(destination);
        var scale = Vector256.Create(Int16Scale);
        int n = destination.Length, i = 0;
        for (; i <= n - Vector256<short>.Count; i += Vector256<short>.Count)
        {
            var (lower, upper) = Vector256.Widen(Vector256.LoadUnsafe(ref src, (nuint)i));
            (Vector256.ConvertToSingle(lower) * scale).StoreUnsafe(ref dst, (nuint)i);
            (Vector256.ConvertToSingle(upper) * scale).StoreUnsafe(ref dst, (nuint)(i + Vector256<int>.Count));
        }
        Int16ToFloatScalar(source[(2 * i)..], destination[i..]);
    }

    internal static void Int16ToFloatVector128(ReadOnlySpan<byte> source, Span<float> destination)
    {
        destination = destination[..(source.Length / 2)]; // whole samples only; throws if the destination is too short
        ref short src = ref Unsafe.As<byte, short>(ref MemoryMarshal.GetReference(source));
        ref float dst = ref MemoryMarshal.GetReference(destination);
        var scale = Vector128.Create(Int16Scale);
        int n = destination.Length, i = 0;
        for (; i <= n - Vector128<short>.Count; i += Vector128<short>.Count)
        {
            var (lower, upper) = Vector128.Widen(Vector128.LoadUnsafe(ref src, (nuint)i));
            (Vector128.ConvertToSingle(lower) * scale).StoreUnsafe(ref dst, (nuint)i);
            (Vector128.ConvertToSingle(upper) * scale).StoreUnsafe(ref dst, (nuint)(i + Vector128<int>.Count));
        }
        Int16ToFloatScalar(source[(2 * i)..], destination[i..]);
    }

    // ---- signed 32-bit ----

    internal static void Int32ToFloat(ReadOnlySpan<byte> source, Span<float> destination)
    {
        int count = CheckLengths(source.Length, 4, destination.Length);
        if (VectorPathsAllowed && Vector256.IsHardwareAccelerated) Int32ToFloatVector256(source, destination[..count]);
        else if (VectorPathsAllowed && Vector128.IsHardwareAccelerated) Int32ToFloatVector128(source, destination[..count]);
        else Int32ToFloatScalar(source, destination[..count]);
    }

    internal static void Int32ToFloatScalar(ReadOnlySpan<byte> source, Span<float> destination)
    {
        destination = destination[..(source.Length / 4)]; // whole samples only; throws if the destination is too short
        for (int i = 0; i < destination.Length; i++)
            destination[i] = BinaryPrimitives.ReadInt32LittleEndian(source[(4 * i)..]) * Int32Scale;
    }

    internal static void Int32ToFloatVector256(ReadOnlySpan<byte> source, Span<float> destination)
    {
        destination = destination[..(source.Length / 4)]; // whole samples only; throws if the destination is too short
        ref int src = ref Unsafe.As<byte, int>(ref MemoryMarshal.GetReference(source));
        ref float dst = ref MemoryMarshal.GetReference(destination);
        var scale = Vector256.Create(Int32Scale);
        int n = destination.Length, i = 0;
        for (; i <= n - Vector256<int>.Count; i += Vector256<int>.Count)
            (Vector256.ConvertToSingle(Vector256.LoadUnsafe(ref src, (nuint)i)) * scale).StoreUnsafe(ref dst, (nuint)i);
        Int32ToFloatScalar(source[(4 * i)..], destination[i..]);
    }

    internal static void Int32ToFloatVector128(ReadOnlySpan<byte> source, Span<float> destination)
    {
        destination = destination[..(source.Length / 4)]; // whole samples only; throws if the destination is too short
        ref int src = ref Unsafe.As<byte, int>(ref MemoryMarshal.GetReference(source));
        ref float dst = ref MemoryMarshal.GetReference(destination);
        var scale = Vector128.Create(Int32Scale);
        int n = destination.Length, i = 0;
        for (; i <= n - Vector128<int>.Count; i += Vector128<int>.Count)
            (Vector128.ConvertToSingle(Vector128.LoadUnsafe(ref src, (nuint)i)) * scale).StoreUnsafe(ref dst, (nuint)i);
        Int32ToFloatScalar(source[(4 * i)..], destination[i..]);
    }

    /// <summary>Number of whole samples in <paramref name="byteCount"/>; the destination must hold them.</summary>
    private static int CheckLengths(int byteCount, int bytesPerSample, int destinationLength)
    {
        int count = byteCount / bytesPerSample;
        if (destinationLength < count)
            throw new ArgumentException($"Destination holds {destinationLength} samples, source has {count}.", nameof(destinationLength));
        return count;
    }
}
