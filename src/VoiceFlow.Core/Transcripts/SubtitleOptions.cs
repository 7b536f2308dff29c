using VoiceFlow.Core.Configuration;

namespace VoiceFlow.Core.Transcripts;

/// <summary>How transcripts are cut into subtitle cues (srt, vtt): the usual broadcast limits by default.</summary>
public sealed record SubtitleOptions
{
    /// <summary>The defaults: 2 lines of at most 42 characters, at most 7 s per cue.</summary>
    public static SubtitleOptions Default { get; } = new();

    /// <summary>subtitle_max_line_chars: longest line; a longer single word stands alone on its line.</summary>
    public int MaxLineChars { get; init; } = 42;

    /// <summary>subtitle_max_lines: most lines per cue.</summary>
    public int MaxLines { get; init; } = 2;

    /// <summary>subtitle_max_cue_seconds: longest time one cue stays on screen.</summary>
    public double MaxCueSeconds { get; init; } = 7;

    /// <summary>subtitle_max_words: most words per cue; 1 for word-level cues, 0 for no limit.</summary>
    public int MaxWords { get; init; }

    /// <summary>The settings the configuration asks for.</summary>
    public static SubtitleOptions From(VoiceFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SubtitleOptions
        {
            MaxLineChars = options.SubtitleMaxLineChars,
            MaxLines = options.SubtitleMaxLines,
            MaxCueSeconds = options.SubtitleMaxCueSeconds,
            MaxWords = options.SubtitleMaxWords,
        };
    }
}
