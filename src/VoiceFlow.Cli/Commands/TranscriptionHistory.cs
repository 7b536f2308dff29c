using System.Threading.Channels;
using VoiceFlow.Core.History;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Hosting;

namespace VoiceFlow.Cli.Commands;

/// <summary>
/// Stores <c>transcribe</c>'s results in the host's history off the critical path: results are queued and one
/// background writer opens the database (at the first result: a run that fails touches no history) and stores them
/// while the next file is transcribed, so a batch costs what its last write costs, not one write per file.
/// <see cref="CompleteAsync"/> waits for the queue to drain (also after Ctrl+C: a finished transcript is never lost
/// from history). The transcript is what the user asked for, so a history that cannot be opened or written costs a
/// warning, not the command: the first failure is reported and history is off for the rest of the run. A file
/// transcription's audio is the user's file (its full path is the entry's source), so history_keep_audio does not copy it.
/// </summary>
internal sealed class TranscriptionHistory
{
    private readonly VoiceFlowHost _host;
    private readonly TextWriter _error;
    private readonly Channel<TranscriptionResult> _queue = Channel.CreateUnbounded<TranscriptionResult>(new UnboundedChannelOptions { SingleReader = true });
    private readonly StringWriter _warnings = new();
    private readonly Task _writer;

    public TranscriptionHistory(VoiceFlowHost host, TextWriter error)
    {
        _host = host;
        _error = error;
        _writer = Task.Run(WriteAllAsync);
    }

    /// <summary>Queues <paramref name="result"/> for storing; returns at once.</summary>
    public void Enqueue(TranscriptionResult result) => _queue.Writer.TryWrite(result);

    /// <summary>Waits until every queued result is stored (or history failed), then prints any warning.</summary>
    public async Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        string warnings = _warnings.ToString();
        if (warnings.Length > 0)
        {
            await _error.WriteAsync(warnings).ConfigureAwait(false);
        }
    }

    private async Task WriteAllAsync()
    {
        bool failed = false;
        await foreach (var result in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            // Warnings are kept for CompleteAsync: the command's own lines go to the same stderr meanwhile.
            if (failed || _host.OpenHistory(_warnings) is not { } store)
            {
                continue;
            }

            try
            {
                // Not the command's token: a transcript that is finished goes to history even when the run is stopped.
                await store.AddAsync(result.ToHistoryEntry("file"), CancellationToken.None).ConfigureAwait(false);
            }
            catch (HistoryException exception)
            {
                failed = true;
                VoiceFlowHost.WarnHistoryLost(_warnings, exception);
            }
        }
    }
}
