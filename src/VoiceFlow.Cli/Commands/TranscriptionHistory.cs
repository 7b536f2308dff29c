using VoiceFlow.Cli.Configuration;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.History;
using VoiceFlow.History.Sqlite;
using VoiceFlow.Core.Transcription;

namespace VoiceFlow.Cli.Commands;

/// <summary>
/// Stores <c>transcribe</c>'s results in the history when history_enabled is on. The database is opened at the first
/// successful transcription (a run that fails touches no history). The transcript is what the user asked for, so a
/// history that cannot be opened or written costs a warning, not the command: the first failure is reported and
/// history is off for the rest of the run. Without XDG_DATA_HOME or HOME there is no user data folder (a sandbox):
/// nothing is stored and nothing said. A file transcription's audio is the user's file (its full path is the entry's
/// source), so history_keep_audio does not copy it.
/// </summary>
internal sealed class TranscriptionHistory(VoiceFlowOptions options, TextWriter error) : IDisposable
{
    private readonly string? _path = options.HistoryEnabled ? HistoryLocation.DefaultPath(CliEnvironment.Variables) : null;
    private SqliteHistoryStore? _store;
    private bool _failed;

    public async Task StoreAsync(TranscriptionResult result, CancellationToken cancellationToken)
    {
        if (_path is null || _failed)
        {
            return;
        }

        try
        {
            _store ??= SqliteHistoryStore.Open(_path);
            await _store.AddAsync(result.ToHistoryEntry("file"), cancellationToken).ConfigureAwait(false);
        }
        catch (HistoryException exception)
        {
            _failed = true;
            await error.WriteLineAsync($"voiceflow: warning: transcripts are not stored in history: {exception.Message}").ConfigureAwait(false);
        }
    }

    public void Dispose() => _store?.Dispose();
}
