namespace VoiceFlow.Core.Audio;

/// <summary>The checked contents of a WAV file's fmt chunk.</summary>
/// <param name="FormatTag">The effective format tag (for WAVE_FORMAT_EXTENSIBLE, the one in the sub-format GUID).</param>
/// <param name="Encoding">How samples are encoded, or <see cref="WavEncoding.Unsupported"/>.</param>
/// <param name="Channels">Interleaved channels per frame (at least 1).</param>
/// <param name="SampleRate">Frames per second (1..1,000,000).</param>
/// <param name="BitsPerSample">Container bits per sample (8, 16, 24, 32 or 64).</param>
/// <param name="BlockAlign">Bytes per frame: <paramref name="Channels"/> × <paramref name="BitsPerSample"/> / 8.</param>
/// <param name="IsExtensible">Whether the header was WAVE_FORMAT_EXTENSIBLE.</param>
internal sealed record WavFormat(int FormatTag, WavEncoding Encoding, int Channels, int SampleRate, int BitsPerSample, int BlockAlign, bool IsExtensible)
{
    internal int BytesPerSample => BitsPerSample / 8;

    /// <summary>Short human description, e.g. "PCM 16-bit" or "A-law 8-bit".</summary>
    internal string Describe() => Encoding switch
    {
        WavEncoding.Pcm => $"PCM {BitsPerSample}-bit{Suffix}",
        WavEncoding.IeeeFloat => $"IEEE float {BitsPerSample}-bit{Suffix}",
        WavEncoding.ALaw => $"A-law 8-bit{Suffix}",
        WavEncoding.MuLaw => $"µ-law 8-bit{Suffix}",
        _ => $"{WavFormatTags.Name(FormatTag)}{Suffix}",
    };

    private string Suffix => IsExtensible ? " (extensible)" : "";
}
