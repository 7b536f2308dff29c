using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VoiceFlow.Core.Audio;

internal static partial class SampleConversion
{
    // ---- signed 24-bit packed (3 bytes per sample) ----

    /// <summary>
    /// Byte shuffle that places each 3-byte sample in the top 24 bits of an int32 lane (index 0xFF
    /// yields 0): the int32 is then the sample times 256, and one power-of-two scale gives the float.
    /// </summary>
    private static readonly Vector128<byte> Int24ToInt32Shuffle =
        Vector128.Create((byte)0xFF, 0, 1, 2, 0xFF, 3, 4, 5, 0xFF, 6, 7, 8, 0xFF, 9, 10, 11);

    internal static void Int24ToFloat(ReadOnlySpan<byte> source, Span<float> destination)
    {
        int count = CheckLengths(source.Length, 3, destination.Length);
        if (VectorPathsAllowed && Vector128.IsHardwareAccelerated) Int24ToFloatVector128(source, destination[..count]);
        else Int24ToFloatScalar(source, destination[..count]);
    }

    internal static void Int24ToFloatScalar(ReadOnlySpan<byte> source, Span<float> destination)
    {
        destination = destination[..(source.Length / 3)]; // whole samples only; throws if the destination is too short
        for (int i = 0; i < destination.Length; i++)
        {
            int b = 3 * i;
            int value = (source[b] | (source[b + 1] << 8) | (source[b + 2] << 16)) << 8 >> 8; // sign-extend 24 -> 32 bits
            destination[i] = value * (1f / 8388608f);
        }
    }

    internal static void Int24ToFloatVector128(ReadOnlySpan<byte> source, Span<float> destination)
    {
        destination = destination[..(source.Length / 3)]; // whole samples only; throws if the destination is too short
        ref byte src = ref MemoryMarshal.GetReference(source);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        var scale = Vector128.Create(Int32Scale);
        int n = destination.Length, i = 0;
        // Each step reads 16 bytes but uses 12, so stop while 4 spare bytes remain in the source.
        for (; (3 * i) + 16 <= source.Length && i + 4 <= n; i += 4)
        {
            var bytes = Vector128.LoadUnsafe(ref src, (nuint)(3 * i));
            var shifted = Vector128.Shuffle(bytes, Int24ToInt32Shuffle).AsInt32();
            (Vector128.ConvertToSingle(shifted) * scale).StoreUnsafe(ref dst, (nuint)i);
        }
        Int24ToFloatScalar(source[(3 * i)..], destination[i..]);
    }
}
