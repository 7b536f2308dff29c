using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VoiceFlow.Core.Audio;

internal static partial class SampleConversion
{
    // ---- IEEE float 32 and 64 ----

    internal static void Float32ToFloat(ReadOnlySpan<byte> source, Span<float> destination)
    {
        int count = CheckLengths(source.Length, 4, destination.Length);
        if (VectorPathsAllowed)
        {
            MemoryMarshal.Cast<byte, float>(source[..(4 * count)]).CopyTo(destination);
            return;
        }
        for (int i = 0; i < count; i++)
            destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(4 * i)..]);
    }

    internal static void Float64ToFloat(ReadOnlySpan<byte> source, Span<float> destination)
    {
        int count = CheckLengths(source.Length, 8, destination.Length);
        if (VectorPathsAllowed && Vector256.IsHardwareAccelerated) Float64ToFloatVector256(source, destination[..count]);
        else if (VectorPathsAllowed && Vector128.IsHardwareAccelerated) Float64ToFloatVector128(source, destination[..count]);
        else Float64ToFloatScalar(source, destination[..count]);
    }

    internal static void Float64ToFloatScalar(ReadOnlySpan<byte> source, Span<float> destination)
    {
        destination = destination[..(source.Length / 8)]; // whole samples only; throws if the destination is too short
        for (int i = 0; i < destination.Length; i++)
            destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(source[(8 * i)..]);
    }

    internal static void Float64ToFloatVector256(ReadOnlySpan<byte> source, Span<float> destination)
    {
        destination = destination[..(source.Length / 8)]; // whole samples only; throws if the destination is too short
        ref double src = ref Unsafe.As<byte, double>(ref MemoryMarshal.GetReference(source));
        ref float dst = ref MemoryMarshal.GetReference(destination);
        int n = destination.Length, i = 0;
        for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            var lower = Vector256.LoadUnsafe(ref src, (nuint)i);
            var upper = Vector256.LoadUnsafe(ref src, (nuint)(i + Vector256<double>.Count));
            Vector256.Narrow(lower, upper).StoreUnsafe(ref dst, (nuint)i);
        }
        Float64ToFloatScalar(source[(8 * i)..], destination[i..]);
    }

    internal static void Float64ToFloatVector128(ReadOnlySpan<byte> source, Span<float> destination)
    {
        destination = destination[..(source.Length / 8)]; // whole samples only; throws if the destination is too short
        ref double src = ref Unsafe.As<byte, double>(ref MemoryMarshal.GetReference(source));
        ref float dst = ref MemoryMarshal.GetReference(destination);
        int n = destination.Length, i = 0;
        for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
        {
            var lower = Vector128.LoadUnsafe(ref src, (nuint)i);
            var upper = Vector128.LoadUnsafe(ref src, (nuint)(i + Vector128<double>.Count));
            Vector128.Narrow(lower, upper).StoreUnsafe(ref dst, (nuint)i);
        }
        Float64ToFloatScalar(source[(8 * i)..], destination[i..]);
    }
}
