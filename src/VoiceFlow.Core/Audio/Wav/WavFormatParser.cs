using System.Buffers.Binary;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Audio;

/// <summary>Parses and checks a fmt chunk (WAVEFORMATEX, optionally WAVE_FORMAT_EXTENSIBLE).</summary>
internal static class WavFormatParser
{
    /// <summary>Lowest sample rate accepted: 1 kHz (telephone audio is 8 kHz; old formats go down to 4 kHz).</summary>
    public const int MinSampleRate = 1_000;

    internal const int MinimumSize = 16;
    private const int ExtensibleSize = 40;

    /// <summary>Bytes 2..15 of every KSDATAFORMAT_SUBTYPE_* GUID derived from a format tag (…-0000-0010-8000-00AA00389B71).</summary>
    private static ReadOnlySpan<byte> SubFormatGuidTail =>
        [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    internal static WavFormat Parse(ReadOnlySpan<byte> fmt, string sourceName)
    {
        if (fmt.Length < MinimumSize)
            throw Error(sourceName, $"fmt chunk is {fmt.Length} bytes, at least {MinimumSize} are needed");
        int tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        uint sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
        bool extensible = tag == WavFormatTags.Extensible;
        if (extensible)
            tag = SubFormatTag(fmt, sourceName);

        if (channels == 0)
            throw Error(sourceName, "the fmt chunk declares 0 channels");
        if (sampleRate == 0)
            throw Error(sourceName, "the fmt chunk declares a sample rate of 0 Hz");
        // Speech needs a few kHz of bandwidth; a rate far below that is a damaged or hostile header, and taken at its
        // word it turns a few bytes into hours of audio to resample (1 Hz: every sample a second).
        if (sampleRate < MinSampleRate)
            throw Error(sourceName, $"the fmt chunk declares a sample rate of {sampleRate} Hz, below the {MinSampleRate} Hz that can carry speech");
        if (sampleRate > StreamingResampler.MaxRate)
            throw Error(sourceName, $"the fmt chunk declares a sample rate of {sampleRate} Hz, above the {StreamingResampler.MaxRate} Hz limit");

        var encoding = WavFormatTags.EncodingOf(tag);
        if (encoding != WavEncoding.Unsupported)
            CheckBits(encoding, bits, sourceName);
        int expectedAlign = channels * (bits / 8);
        if (encoding != WavEncoding.Unsupported && blockAlign != expectedAlign)
            throw Error(sourceName, $"block align is {blockAlign} bytes but {channels} channel(s) of {bits}-bit samples need {expectedAlign}");
        return new WavFormat(tag, encoding, channels, (int)sampleRate, bits, blockAlign, extensible);
    }

    private static int SubFormatTag(ReadOnlySpan<byte> fmt, string sourceName)
    {
        if (fmt.Length < ExtensibleSize)
            throw Error(sourceName, $"WAVE_FORMAT_EXTENSIBLE fmt chunk is {fmt.Length} bytes, {ExtensibleSize} are needed");
        var guid = fmt.Slice(24, 16);
        int tag = BinaryPrimitives.ReadUInt16LittleEndian(guid);
        if (!guid[2..].SequenceEqual(SubFormatGuidTail))
            throw Error(sourceName, $"WAVE_FORMAT_EXTENSIBLE sub-format {new Guid(guid)} is not supported");
        return tag;
    }

    private static void CheckBits(WavEncoding encoding, int bits, string sourceName)
    {
        bool valid = encoding switch
        {
            WavEncoding.Pcm => bits is 8 or 16 or 24 or 32,
            WavEncoding.IeeeFloat => bits is 32 or 64,
            _ => bits == 8,
        };
        if (!valid)
        {
            string allowed = encoding switch
            {
                WavEncoding.Pcm => "8, 16, 24 or 32",
                WavEncoding.IeeeFloat => "32 or 64",
                _ => "8",
            };
            throw Error(sourceName, $"{bits} bits per sample is not valid for {encoding} (allowed: {allowed})");
        }
    }

    internal static AudioFormatException Error(string sourceName, string cause) => new($"{sourceName}: {cause}.");
}
