using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VoiceFlow.Core.Audio;

internal static partial class SampleConversion
{
    // ---- unsigned 8-bit (WAV's only unsigned PCM: 128 is silence) ----

    internal static void UInt8ToFloat(ReadOnlySpan<byte> source, Span<float> destination)
    {
        int count = CheckLengths(source.Length, 1, destination.Length);
        if (Vector256.IsHardwareAccelerated) UInt8ToFloatVector256(source, destination[..count]);
        else if (Vector128.IsHardwareAccelerated) UInt8ToFloatVector128(source, destination[..count]);
        else UInt8ToFloatScalar(source, destination[..count]);
    }

    internal static void UInt8ToFloatScalar(ReadOnlySpan<byte> source, Span<float> destination)
    {
        destination = destination[..(source.Length / 1)]; // whole samples only; throws if the destination is too short
        for (int i = 0; i < destination.Length; i++)
            destination[i] = (source[i] - 128) * UInt8Scale;
    }

    internal static void UInt8ToFloatVector256(ReadOnlySpan<byte> source, Span<float> destination)
    {
        destination = destination[..(source.Length / 1)]; // whole samples only; throws if the destination is too short
        ref byte src = ref MemoryMarshal.GetReference(source);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        var scale = Vector256.Create(UInt8Scale);
        var bias = Vector256.Create(128);
        int n = destination.Length, i = 0;
        for (; i <= n - Vector256<byte>.Count; i += Vector256<byte>.Count)
        {
            var (low16, high16) = Vector256.Widen(Vector256.LoadUnsafe(ref src, (nuint)i));
            var (a, b) = Vector256.Widen(low16);
            var (c, d) = Vector256.Widen(high16);
            int step = Vector256<int>.Count;
            (Vector256.ConvertToSingle(a.AsInt32() - bias) * scale).StoreUnsafe(ref dst, (nuint)i);
            (Vector256.ConvertToSingle(b.AsInt32() - bias) * scale).StoreUnsafe(ref dst, (nuint)(i + step));
            (Vector256.ConvertToSingle(c.AsInt32() - bias) * scale).StoreUnsafe(ref dst, (nuint)(i + (2 * step)));
            (Vector256.ConvertToSingle(d.AsInt32() - bias) * scale).StoreUnsafe(ref dst, (nuint)(i + (3 * step)));
        }
        UInt8ToFloatScalar(source[i..], destination[i..]);
    }

    internal static void UInt8ToFloatVector128(ReadOnlySpan<byte> source, Span<float> destination)
    {
        destination = destination[..(source.Length / 1)]; // whole samples only; throws if the destination is too short
        ref byte src = ref MemoryMarshal.GetReference(source);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        var scale = Vector128.Create(UInt8Scale);
        var bias = Vector128.Create(128);
        int n = destination.Length, i = 0;
        for (; i <= n - Vector128<byte>.Count; i += Vector128<byte>.Count)
        {
            var (low16, high16) = Vector128.Widen(Vector128.LoadUnsafe(ref src, (nuint)i));
            var (a, b) = Vector128.Widen(low16);
            var (c, d) = Vector128.Widen(high16);
            int step = Vector128<int>.Count;
            (Vector128.ConvertToSingle(a.AsInt32() - bias) * scale).StoreUnsafe(ref dst, (nuint)i);
            (Vector128.ConvertToSingle(b.AsInt32() - bias) * scale).StoreUnsafe(ref dst, (nuint)(i + step));
            (Vector128.ConvertToSingle(c.AsInt32() - bias) * scale).StoreUnsafe(ref dst, (nuint)(i + (2 * step)));
            (Vector128.ConvertToSingle(d.AsInt32() - bias) * scale).StoreUnsafe(ref dst, (nuint)(i + (3 * step)));
        }
        UInt8ToFloatScalar(source[i..], destination[i..]);
    }
}
