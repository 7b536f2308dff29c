namespace VoiceFlow.Core.Audio;

/// <summary>Limits and tools for <see cref="AudioFileLoader"/>.</summary>
public sealed record AudioLoadOptions
{
    /// <summary>The defaults: at most one hour of audio, ffmpeg from PATH, ten minutes to decode.</summary>
    public static AudioLoadOptions Default { get; } = new();

    /// <summary>
    /// Longest audio accepted. Checked against the real data size before anything is allocated when the
    /// size is known (seekable WAV), and while decoding otherwise.
    /// </summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The ffmpeg executable used for formats other than WAV: a name looked up in PATH, or a path.</summary>
    public string FfmpegPath { get; init; } = "ffmpeg";

    /// <summary>Longest time one load may take (reading the input, decoding, ffmpeg included); then it stops, killing ffmpeg, with an error.</summary>
    public TimeSpan DecodeTimeout { get; init; } = TimeSpan.FromMinutes(10);
}
