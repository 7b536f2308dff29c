using Microsoft.Extensions.Logging;
using VoiceFlow.Core.Delivery;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.History;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Dictation.Recording;

namespace VoiceFlow.Dictation.Daemon;

/// <summary>
/// What happens to an ended recording: written to disk (crash safety), transcribed, delivered, stored in history, then
/// removed, in that order and one recording at a time, so texts are delivered in the order they were spoken.
/// Recordings recovered after a crash go through the same gate, into history only.
/// </summary>
internal sealed class DictationPipeline : IDisposable
{
    private const string HistoryKind = "dictation";

    private readonly SemaphoreSlim _serial = new(1, 1);
    private readonly DictationModel _model;
    private readonly ITextOutput _output;
    private readonly IHistoryStore? _history;
    private readonly PendingRecordings _pending;
    private readonly TranscriptionJobOptions _job;
    private readonly ILogger? _logger;
    private long _completed;
    private volatile string? _lastError;

    public DictationPipeline(DictationModel model, ITextOutput output, IHistoryStore? history, PendingRecordings pending, TranscriptionJobOptions job, ILogger? logger)
    {
        _model = model;
        _output = output;
        _history = history;
        _pending = pending;
        _job = job;
        _logger = logger;
    }

    /// <summary>Whether dictations are stored in history.</summary>
    public bool HasHistory => _history is not null;

    /// <summary>Recordings finished so far (delivered or not).</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>The last failure of disk, transcription, delivery or history; null when none happened.</summary>
    public string? LastError => _lastError;

    /// <summary>Disk, transcription, delivery (when <paramref name="deliver"/>), history, cleanup.</summary>
    /// <param name="recording">The ended recording.</param>
    /// <param name="source">The capture source, stored with the history entry.</param>
    /// <param name="deliver">False to store without typing (a recording ended by shutdown).</param>
    /// <exception cref="TextOutputException">Delivery failed (the text is still stored in history).</exception>
    /// <exception cref="HistoryException">The text was produced but not stored (the recording stays pending).</exception>
    public async Task<DictationOutcome> ProcessAsync(DictationRecording recording, string source, bool deliver)
    {
        await _serial.WaitAsync().ConfigureAwait(false);
        try
        {
            string pendingPath;
            try
            {
                pendingPath = _pending.Save(recording.Samples.Span);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Crash safety is lost for this one recording, not the dictation: transcribe it anyway.
                Fail($"cannot write the recording to {_pending.Directory}: {ex.Message}");
                pendingPath = "";
            }

            TranscriptionResult result;
            try
            {
                result = await _model.UseAsync(service => service.TranscribeAsync(recording.Samples, _job)).ConfigureAwait(false);
            }
            catch (VoiceFlowException ex)
            {
                Fail($"transcription failed: {ex.Message}");
                throw;
            }

            string text = result.Text;
            bool hasText = !string.IsNullOrWhiteSpace(text);
            TextOutputException? deliveryError = null;
            if (hasText && deliver)
            {
                try
                {
                    await _output.DeliverAsync(text).ConfigureAwait(false);
                }
                catch (TextOutputException ex)
                {
                    // Keep the words: they still go to history below.
                    Fail($"delivery to {_output.Name} failed: {ex.Message}");
                    deliveryError = ex;
                }
            }

            if (hasText)
            {
                await StoreAsync(result, source, pendingPath, recording.Samples).ConfigureAwait(false);
            }

            if (pendingPath.Length > 0)
            {
                PendingRecordings.Remove(pendingPath);
            }

            Interlocked.Increment(ref _completed);
            if (deliveryError is not null)
            {
                throw deliveryError;
            }

            return new DictationOutcome(hasText ? text : "", result.RawText, result.AudioDuration, result.ProcessingTime, hasText && deliver);
        }
        finally
        {
            _serial.Release();
        }
    }

    /// <summary>Transcribes a recording left on disk into history, never delivering it; the file stays for the caller to remove.</summary>
    /// <exception cref="HistoryException">History is down (the file stays pending).</exception>
    /// <exception cref="AudioFormatException">The file cannot be read.</exception>
    /// <exception cref="AudioValidationException">The file holds no usable audio.</exception>
    public async Task StoreRecoveredAsync(string file)
    {
        await _serial.WaitAsync().ConfigureAwait(false);
        try
        {
            var result = await _model.UseAsync(service => service.TranscribeFileAsync(file, _job with { SourceName = file })).ConfigureAwait(false);
            if (!string.IsNullOrWhiteSpace(result.Text))
            {
                await StoreAsync(result, "recovered " + Path.GetFileName(file), file).ConfigureAwait(false);
            }
        }
        finally
        {
            _serial.Release();
        }
    }

    /// <summary>Records <paramref name="message"/> as the last error (shown by status) and logs it.</summary>
    public void Fail(string message)
    {
        _lastError = message;
        _logger?.LogWarning("{Error}", message);
    }

    public void Dispose() => _serial.Dispose();

    // audio: the recording, kept beside the history when the store keeps audio (history_keep_audio); empty for none.
    private async Task StoreAsync(TranscriptionResult result, string source, string pendingPath, ReadOnlyMemory<float> audio = default)
    {
        if (_history is null)
        {
            return;
        }

        try
        {
            var entry = result.ToHistoryEntry(HistoryKind) with { Source = source };
            await (audio.IsEmpty ? _history.AddAsync(entry) : _history.AddAsync(entry, audio)).ConfigureAwait(false);
        }
        catch (HistoryException ex)
        {
            string kept = pendingPath.Length > 0 ? $" (the recording stays in {pendingPath} for the next start)" : "";
            Fail($"not stored in history{kept}: {ex.Message}");
            throw new HistoryException($"the text was produced but not stored in history{kept}: {ex.Message}", ex);
        }
    }
}
