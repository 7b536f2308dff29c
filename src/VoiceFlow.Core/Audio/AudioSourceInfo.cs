namespace VoiceFlow.Core.Audio;

/// <summary>What was learned about an audio source while decoding it.</summary>
public sealed record AudioSourceInfo
{
    /// <summary>The file path or the name given for a stream, as used in messages.</summary>
    public required string Name { get; init; }

    /// <summary>Container: "WAV (RIFF)", "WAV (RF64)", "WAV (BW64)", or ffmpeg's demuxer name ("flac", "ogg", "mp3"...).</summary>
    public required string Container { get; init; }

    /// <summary>Sample encoding: "PCM 16-bit", "IEEE float 32-bit", "A-law 8-bit"... or ffmpeg's codec name ("flac", "opus"...).</summary>
    public required string Encoding { get; init; }

    /// <summary>The source's own sample rate in Hz (0 if ffmpeg did not report it).</summary>
    public int SampleRate { get; init; }

    /// <summary>The source's channel count before the mono mixdown (0 if ffmpeg did not report it).</summary>
    public int Channels { get; init; }

    /// <summary>Bits per sample for PCM-like encodings; 0 for compressed formats.</summary>
    public int BitsPerSample { get; init; }

    /// <summary>Duration the header claimed, when it claimed one; compare with <see cref="Duration"/>.</summary>
    public TimeSpan? DeclaredDuration { get; init; }

    /// <summary>Duration of the audio actually decoded.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>
    /// Each way the source was damaged or lied and how it was read anyway, one sentence each
    /// (e.g. "data size header said 4294967040 bytes, the file held 3200"). Empty for a clean file.
    /// </summary>
    public IReadOnlyList<string> Repairs { get; init; } = [];

    /// <summary>True when <see cref="Repairs"/> is not empty: the audio was usable but its container was not well formed.</summary>
    public bool WasRepaired => Repairs.Count > 0;
}
