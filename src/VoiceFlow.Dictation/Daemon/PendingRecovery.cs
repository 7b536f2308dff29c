using Microsoft.Extensions.Logging;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.History;

namespace VoiceFlow.Dictation.Daemon;

/// <summary>
/// Crash recovery at start: recordings a previous run left pending go to history, never typed (the window focused
/// now is not the one they were meant for). Cut-off <c>.partial</c> writes are removed; an unreadable recording is
/// renamed <c>.failed</c>; when history is down the rest stay pending for the next start. Without history nothing is
/// recovered and the recordings stay on disk.
/// </summary>
internal sealed class PendingRecovery(PendingRecordings pending, DictationPipeline pipeline, ILogger? logger)
{
    /// <summary>
    /// Cleans up and lists the leftovers now (before capture starts), then transcribes them in the background; the
    /// task completes when every one is in history or failed.
    /// </summary>
    public Task Start()
    {
        int partials = pending.RemovePartials();
        if (partials > 0)
        {
            logger?.LogWarning("pending: removed {Count} recording(s) cut off while being written", partials);
        }

        var leftovers = pending.List();
        if (leftovers.Count == 0 || !pipeline.HasHistory)
        {
            return Task.CompletedTask;
        }

        logger?.LogInformation("pending: {Count} recording(s) from an earlier run go to history", leftovers.Count);
        return Task.Run(() => RecoverAsync(leftovers));
    }

    private async Task RecoverAsync(IReadOnlyList<string> files)
    {
        foreach (string file in files)
        {
            try
            {
                await pipeline.StoreRecoveredAsync(file).ConfigureAwait(false);
                PendingRecordings.Remove(file);
                logger?.LogInformation("pending: {File} recovered into history", Path.GetFileName(file));
            }
            catch (Exception ex) when (ex is AudioFormatException or AudioValidationException)
            {
                PendingRecordings.MarkFailed(file);
                pipeline.Fail($"pending recording {file} cannot be read and was renamed .failed: {ex.Message}");
            }
            catch (HistoryException)
            {
                // History is down: the rest stay pending for the next start.
                return;
            }
        }
    }
}
