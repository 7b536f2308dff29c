using VoiceFlow.Core.History;

namespace VoiceFlow.Core.Tests.History;

/// <summary>Entries for the history tests.</summary>
internal static class HistoryEntries
{
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 0, 0, TimeSpan.FromHours(1));

    public static HistoryEntry Make(string text, int minute = 0, string kind = "dictation") => new()
    {
        Time = Start.AddMinutes(minute),
        Kind = kind,
        Source = "test",
        Text = text,
        RawText = text.ToLowerInvariant(),
        Engine = "pocketsphinx",
        Model = "en-us",
        AudioDuration = TimeSpan.FromSeconds(3),
        ProcessingTime = TimeSpan.FromSeconds(0.5),
    };
}
