namespace VoiceFlow.Core.Audio;

/// <summary>WAVE format tag numbers and the names used in messages (from Microsoft's mmreg.h).</summary>
internal static class WavFormatTags
{
    internal const int Pcm = 0x0001;
    internal const int IeeeFloat = 0x0003;
    internal const int ALaw = 0x0006;
    internal const int MuLaw = 0x0007;
    internal const int Extensible = 0xFFFE;

    internal static string Name(int tag) => tag switch
    {
        Pcm => "PCM",
        0x0002 => "Microsoft ADPCM",
        IeeeFloat => "IEEE float",
        ALaw => "A-law",
        MuLaw => "µ-law",
        0x0011 => "IMA ADPCM",
        0x0031 => "GSM 6.10",
        0x0040 => "G.721 ADPCM",
        0x0050 => "MPEG audio",
        0x0055 => "MPEG Layer 3",
        0x0092 => "Dolby AC-3 SPDIF",
        0x00FF => "AAC",
        0x0161 or 0x0162 or 0x0163 => "Windows Media Audio",
        0x1610 => "MPEG-4 AAC",
        0x2000 => "Dolby AC-3",
        0xF1AC => "FLAC",
        Extensible => "extensible",
        _ => "unknown",
    } + $" (format tag 0x{tag:X4})";

    internal static WavEncoding EncodingOf(int tag) => tag switch
    {
        Pcm => WavEncoding.Pcm,
        IeeeFloat => WavEncoding.IeeeFloat,
        ALaw => WavEncoding.ALaw,
        MuLaw => WavEncoding.MuLaw,
        _ => WavEncoding.Unsupported,
    };
}
