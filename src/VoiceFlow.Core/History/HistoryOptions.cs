using VoiceFlow.Core.Configuration;

namespace VoiceFlow.Core.History;

/// <summary>Whether transcriptions are stored and what is kept with them.</summary>
/// <param name="Enabled">history_enabled: store every dictation and file transcription.</param>
/// <param name="KeepAudio">history_keep_audio: keep each dictation's audio as a WAV file beside the database.</param>
public sealed record HistoryOptions(bool Enabled = true, bool KeepAudio = false)
{
    /// <summary>The settings the configuration asks for.</summary>
    public static HistoryOptions From(VoiceFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new HistoryOptions(options.HistoryEnabled, options.HistoryKeepAudio);
    }
}
