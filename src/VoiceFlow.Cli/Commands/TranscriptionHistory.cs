using VoiceFlow.Cli.Configuration;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.History;
using VoiceFlow.Core.Transcription;

namespace VoiceFlow.Cli.Commands;

/// <summary>
/// Stores <c>transcribe</c>'s results in the history when history_enabled is on. The transcript is what the user asked
/// for, so a history that cannot be opened or written costs a warning, not the command: the first failure is reported
/// and history is off for the rest of the run. A file transcription's audio is the user's file (its full path is the
/// entry's source), so history_keep_audio does not copy it.
/// </summary>
internal sealed class TranscriptionHistory : IDisposable
{
    private readonly TextWriter _error;
    private SqliteHistoryStore? _store;

    private TranscriptionHistory(SqliteHistoryStore? store, TextWriter error)
    {
        _store = store;
        _error = error;
    }

    public static TranscriptionHistory Open(VoiceFlowOptions options, TextWriter error)
    {
        if (!options.HistoryEnabled)
        {
            return new TranscriptionHistory(null, error);
        }

        try
        {
            return new TranscriptionHistory(SqliteHistoryStore.OpenDefault(CliEnvironment.Variables), error);
        }
        catch (HistoryException exception)
        {
            error.WriteLine($"voiceflow: warning: transcripts are not stored in history: {exception.Message}");
            return new TranscriptionHistory(null, error);
        }
    }

    public async Task StoreAsync(TranscriptionResult result, CancellationToken cancellationToken)
    {
        if (_store is null)
        {
            return;
        }

        try
        {
            await _store.AddAsync(result.ToHistoryEntry("file"), cancellationToken).ConfigureAwait(false);
        }
        catch (HistoryException exception)
        {
            await _error.WriteLineAsync($"voiceflow: warning: transcripts are not stored in history: {exception.Message}").ConfigureAwait(false);
            _store.Dispose();
            _store = null;
        }
    }

    public void Dispose() => _store?.Dispose();
}
