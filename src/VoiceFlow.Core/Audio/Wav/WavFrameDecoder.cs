namespace VoiceFlow.Core.Audio;

/// <summary>Picks the sample conversion kernel for a WAV format.</summary>
internal static class WavFrameDecoder
{
    /// <summary>Converts whole samples of <paramref name="format"/> in <paramref name="source"/> to floats.</summary>
    internal static void Decode(WavFormat format, ReadOnlySpan<byte> source, Span<float> destination)
    {
        switch (format.Encoding, format.BitsPerSample)
        {
            case (WavEncoding.Pcm, 8): SampleConversion.UInt8ToFloat(source, destination); break;
            case (WavEncoding.Pcm, 16): SampleConversion.Int16ToFloat(source, destination); break;
            case (WavEncoding.Pcm, 24): SampleConversion.Int24ToFloat(source, destination); break;
            case (WavEncoding.Pcm, 32): SampleConversion.Int32ToFloat(source, destination); break;
            case (WavEncoding.IeeeFloat, 32): SampleConversion.Float32ToFloat(source, destination); break;
            case (WavEncoding.IeeeFloat, 64): SampleConversion.Float64ToFloat(source, destination); break;
            case (WavEncoding.ALaw, 8): G711.ALawToFloat(source, destination); break;
            case (WavEncoding.MuLaw, 8): G711.MuLawToFloat(source, destination); break;
            default: throw new NotSupportedException($"No decoder for {format.Describe()}; WavFormatParser should have rejected it.");
        }
    }
}
