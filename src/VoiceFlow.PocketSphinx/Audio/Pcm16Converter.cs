using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VoiceFlow.PocketSphinx.Audio;

/// <summary>
/// Float samples in [-1, 1] to signed 16-bit PCM, the only input the library takes. Scales by 32768 so
/// PCM read as <c>s / 32768f</c> converts back exactly (results then match <c>pocketsphinx_batch</c> on
/// the same file), rounds to nearest, saturates out-of-range values and maps NaN to 0.
/// </summary>
internal static class Pcm16Converter
{
    private const float Scale = 32768f;

    /// <summary>Converts <paramref name="source"/> into <paramref name="destination"/> (same length or longer).</summary>
    public static void Convert(ReadOnlySpan<float> source, Span<short> destination)
    {
        if (destination.Length < source.Length)
        {
            ThrowDestinationTooShort();
        }

        var done = 0;
        if (Vector.IsHardwareAccelerated && source.Length >= Vector<float>.Count * 2)
        {
            done = ConvertVector(source, destination);
        }

        ConvertScalar(source[done..], destination[done..]);
    }

    /// <summary>The reference the vector path is tested against.</summary>
    internal static void ConvertScalar(ReadOnlySpan<float> source, Span<short> destination)
    {
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = ToPcm16(source[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static short ToPcm16(float sample)
    {
        if (float.IsNaN(sample))
        {
            return 0;
        }

        var scaled = MathF.Round(sample * Scale, MidpointRounding.ToEven);
        return (short)Math.Clamp(scaled, short.MinValue, short.MaxValue);
    }

    /// <summary>Converts whole pairs of vectors; returns how many samples it did.</summary>
    private static int ConvertVector(ReadOnlySpan<float> source, Span<short> destination)
    {
        var width = Vector<float>.Count;
        var scale = new Vector<float>(Scale);
        var low = new Vector<float>(short.MinValue);
        var high = new Vector<float>(short.MaxValue);
        var floats = MemoryMarshal.Cast<float, Vector<float>>(source);
        var shorts = MemoryMarshal.Cast<short, Vector<short>>(destination);
        var pairs = source.Length / (width * 2);
        for (var p = 0; p < pairs; p++)
        {
            var a = ToInt32(floats[2 * p], scale, low, high);
            var b = ToInt32(floats[(2 * p) + 1], scale, low, high);
            shorts[p] = Vector.Narrow(a, b);
        }

        return pairs * width * 2;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<int> ToInt32(Vector<float> v, Vector<float> scale, Vector<float> low, Vector<float> high)
    {
        var notNaN = Vector.Equals(v, v);
        var scaled = Vector.Round(v * scale);
        var clamped = Vector.Min(Vector.Max(scaled, low), high);
        return Vector.ConvertToInt32(Vector.ConditionalSelect(notNaN, clamped, Vector<float>.Zero));
    }

    private static void ThrowDestinationTooShort() =>
        throw new ArgumentException("The destination is shorter than the source.", "destination");
}
