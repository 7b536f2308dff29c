using System.Globalization;

namespace VoiceFlow.Core.Transcripts;

/// <summary>Subtitle timestamps: <c>HH:MM:SS,mmm</c> (SRT) and <c>HH:MM:SS.mmm</c> (WebVTT); hours grow past 99 if needed.</summary>
internal static class SubtitleTime
{
    public static string Format(double seconds, char millisecondSeparator)
    {
        long ms = (long)Math.Round(Math.Max(0, seconds) * 1000, MidpointRounding.AwayFromZero);
        long hours = ms / 3_600_000;
        int minutes = (int)(ms / 60_000 % 60);
        int secs = (int)(ms / 1000 % 60);
        int millis = (int)(ms % 1000);
        return string.Create(CultureInfo.InvariantCulture, $"{hours:00}:{minutes:00}:{secs:00}{millisecondSeparator}{millis:000}");
    }

    /// <summary>Cue text on one or more lines with no blank line (a blank line would end the cue).</summary>
    public static string CueText(string text) =>
        string.Join('\n', text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
