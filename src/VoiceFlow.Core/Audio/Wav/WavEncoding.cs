namespace VoiceFlow.Core.Audio;

/// <summary>Sample encodings the managed WAV reader decodes.</summary>
public enum WavEncoding
{
    /// <summary>An encoding the reader does not decode (ADPCM, MP3-in-WAV...); the loader hands such files to ffmpeg.</summary>
    Unsupported = 0,

    /// <summary>Integer PCM: 8-bit unsigned, 16/24/32-bit signed, little-endian.</summary>
    Pcm,

    /// <summary>IEEE 754 floating point, 32 or 64 bits.</summary>
    IeeeFloat,

    /// <summary>G.711 A-law, 8 bits.</summary>
    ALaw,

    /// <summary>G.711 µ-law, 8 bits.</summary>
    MuLaw,
}
