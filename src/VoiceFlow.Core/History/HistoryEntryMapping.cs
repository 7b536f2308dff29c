using VoiceFlow.Core.Transcription;

namespace VoiceFlow.Core.History;

/// <summary>Turns a finished transcription into the entry the history keeps.</summary>
public static class HistoryEntryMapping
{
    /// <summary>The history entry for <paramref name="result"/>.</summary>
    /// <param name="result">The finished job.</param>
    /// <param name="kind">"dictation", "listen", "file" or "server".</param>
    /// <param name="time">When it finished; null for now.</param>
    public static HistoryEntry ToHistoryEntry(this TranscriptionResult result, string kind, DateTimeOffset? time = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(kind);
        return new HistoryEntry
        {
            Time = time ?? DateTimeOffset.Now,
            Kind = kind,
            Source = result.Source,
            Text = result.Text,
            RawText = result.RawText,
            Engine = result.Engine,
            Model = result.Model,
            AudioDuration = result.AudioDuration,
            ProcessingTime = result.ProcessingTime,
            Language = result.Language,
            LanguageProbability = float.IsNaN(result.LanguageProbability) ? null : Math.Round(result.LanguageProbability, 4),
        };
    }
}
