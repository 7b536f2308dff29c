using VoiceFlow.Core.History;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Hosting;

namespace VoiceFlow.Cli.Commands;

/// <summary>
/// Stores <c>transcribe</c>'s results in the host's history. The database is opened at the first successful
/// transcription (a run that fails touches no history). The transcript is what the user asked for, so a history that
/// cannot be opened or written costs a warning, not the command: the first failure is reported and history is off for
/// the rest of the run (the host's policy). A file transcription's audio is the user's file (its full path is the
/// entry's source), so history_keep_audio does not copy it.
/// </summary>
internal sealed class TranscriptionHistory(VoiceFlowHost host, TextWriter error)
{
    private bool _failed;

    public async Task StoreAsync(TranscriptionResult result, CancellationToken cancellationToken)
    {
        if (_failed || host.OpenHistory(error) is not { } store)
        {
            return;
        }

        try
        {
            await store.AddAsync(result.ToHistoryEntry("file"), cancellationToken).ConfigureAwait(false);
        }
        catch (HistoryException exception)
        {
            _failed = true;
            VoiceFlowHost.WarnHistoryLost(error, exception);
        }
    }
}
