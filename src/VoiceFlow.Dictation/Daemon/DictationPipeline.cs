using System.Diagnostics;
using Microsoft.Extensions.Logging;
using VoiceFlow.Core.Delivery;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.History;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Dictation.Recording;

namespace VoiceFlow.Dictation.Daemon;

/// <summary>
/// What happens to an ended recording: written to disk (crash safety), transcribed, delivered (the caller is answered
/// here), then stored in history and removed from disk in the background, one recording at a time at each stage, so
/// texts are delivered and stored in the order they were spoken.
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
    private readonly InFlightCounter _storing = new();
    private readonly Lock _storeGate = new();
    private Task _lastStore = Task.CompletedTask;
    private long _completed;
    private long _decodedWhileRecording;
    private long _decodedAfterEnd;
    private long _endSpeculationsUsed;
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

    /// <summary>Dictations decoded while they were recorded (only the tail and the end of the search after end).</summary>
    public long DecodedWhileRecording => Interlocked.Read(ref _decodedWhileRecording);

    /// <summary>Dictations decoded as a whole after end (an engine without streams, no decoder free, or a stream that failed).</summary>
    public long DecodedAfterEnd => Interlocked.Read(ref _decodedAfterEnd);

    /// <summary>Dictations whose last phrase's text came from a decode started after the key was released (at the release, or at the end of a word that went on into the tail), not after the tail.</summary>
    public long EndSpeculationsUsed => Interlocked.Read(ref _endSpeculationsUsed);

    /// <summary>The last failure of disk, transcription, delivery or history; null when none happened.</summary>
    public string? LastError => _lastError;

    /// <summary>
    /// Disk, transcription, delivery (when <paramref name="deliver"/>), then the answer; history and cleanup follow in
    /// the background (<see cref="WhenStoredAsync"/>), so the user does not wait for the history write. The pending
    /// recording on disk covers a crash in between: it is removed only once its entry is stored.
    /// </summary>
    /// <param name="recording">The ended recording; the pipeline owns it from here and disposes it when stored.</param>
    /// <param name="live">The recording decoded while it was captured; null (or a decode that failed) to decode it whole now. Owned from here.</param>
    /// <param name="source">The capture source, stored with the history entry.</param>
    /// <param name="deliver">False to store without typing (a recording ended by shutdown).</param>
    /// <param name="endedAt">When <c>end</c> came (<see cref="Stopwatch.GetTimestamp"/>), for the debug log's timings; 0 for now.</param>
    /// <exception cref="TextOutputException">Delivery failed (the text is still stored in history).</exception>
    public async Task<DictationOutcome> ProcessAsync(DictationRecording recording, LiveDecode? live, string source, bool deliver, long endedAt = 0)
    {
        bool handedOver = false;
        var trace = new EndTrace(endedAt);
        try
        {
            // Ends the search before queueing: it needs no order, and its decoder goes back to the engine at once, so a
            // whole decode queued before this one never waits for it.
            var decoded = live is null || recording.Overflowed ? null : await _model.UseAsync(_ => live.FinishAsync()).ConfigureAwait(false);
            bool speculatedEnd = decoded is not null && live!.EndSpeculationUsed;
            if (speculatedEnd)
            {
                Interlocked.Increment(ref _endSpeculationsUsed);
            }

            live?.Dispose();
            trace.Finished = Stopwatch.GetTimestamp();
            await _serial.WaitAsync().ConfigureAwait(false);
            try
            {
                trace.Queued = Stopwatch.GetTimestamp();
                string pendingPath = SavePending(recording);
                trace.Saved = Stopwatch.GetTimestamp();
                TranscriptionResult result;
                try
                {
                    // A recording that lost audio to the cap no longer matches what the stream heard: decode it whole.
                    result = await _model.UseAsync(service => decoded is not null
                        ? service.CompleteDecodedAsync(recording.Samples, decoded, _job)
                        : service.TranscribeAsync(recording.Samples, _job)).ConfigureAwait(false);
                    if (decoded is not null)
                    {
                        Interlocked.Increment(ref _decodedWhileRecording);
                    }
                    else
                    {
                        Interlocked.Increment(ref _decodedAfterEnd);
                    }
                }
                catch (VoiceFlowException ex)
                {
                    Fail($"transcription failed: {ex.Message}");
                    throw;
                }

                trace.Transcribed = Stopwatch.GetTimestamp();
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
                        // Keep the words: they still go to history.
                        Fail($"delivery to {_output.Name} failed: {ex.Message}");
                        deliveryError = ex;
                    }
                }

                trace.Delivered = Stopwatch.GetTimestamp();
                _logger?.LogDebug(
                    "dictation {Sequence} ({Seconds:0.00} s, tail {Tail:0.00} s, {Path}, last phrase decoded from the end: {SpeculatedEnd}): ms after end: recorded {Recorded:0}, stream finished {Finished:0}, queued {Queued:0}, saved {Saved:0}, transcribed {Transcribed:0}, delivered {Delivered:0}",
                    recording.Sequence, recording.Duration.TotalSeconds, recording.TailSamples / 16_000.0, decoded is not null ? "decoded while recording" : "decoded whole", speculatedEnd,
                    trace.Ms(trace.Started), trace.Ms(trace.Finished), trace.Ms(trace.Queued), trace.Ms(trace.Saved), trace.Ms(trace.Transcribed), trace.Ms(trace.Delivered));
                Interlocked.Increment(ref _completed);
                ScheduleStore(hasText ? result : null, source, pendingPath, recording);
                handedOver = true;
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
        finally
        {
            if (!handedOver)
            {
                recording.Dispose();
            }
        }
    }

    /// <summary>Completes when every dictation answered so far has been stored in history (or failed to be) and its pending file handled.</summary>
    public Task WhenStoredAsync() => _storing.WhenIdleAsync();

    /// <summary>Writes the recording to the pending folder; "" when that failed (crash safety is lost for this one recording, not the dictation).</summary>
    private string SavePending(DictationRecording recording)
    {
        try
        {
            return _pending.Save(recording.Samples.Span);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Fail($"cannot write the recording to {_pending.Directory}: {ex.Message}");
            return "";
        }
    }

    /// <summary>
    /// Queues the history write (<paramref name="result"/> null: nothing to store) behind the ones before it, so
    /// entries keep the speaking order, then removes the pending file and returns the recording's buffer.
    /// </summary>
    private void ScheduleStore(TranscriptionResult? result, string source, string pendingPath, DictationRecording recording)
    {
        _storing.Enter();
        lock (_storeGate)
        {
            _lastStore = StoreAfterAsync(_lastStore, result, source, pendingPath, recording);
        }
    }

    private async Task StoreAfterAsync(Task previous, TranscriptionResult? result, string source, string pendingPath, DictationRecording recording)
    {
        try
        {
            await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
            if (result is not null)
            {
                await StoreAsync(result, source, pendingPath, recording.Samples).ConfigureAwait(false);
            }

            if (pendingPath.Length > 0)
            {
                PendingRecordings.Remove(pendingPath);
            }
        }
        catch (HistoryException)
        {
            // StoreAsync reported it (status last_error, log); the recording stays pending for the next start.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Fail($"stored, but cannot remove the pending recording {pendingPath}: {ex.Message}");
        }
        finally
        {
            recording.Dispose();
            _storing.Exit();
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

    /// <summary>Timestamps of one dictation's way from <c>end</c> to delivery, for the debug log (where the wait goes).</summary>
    private struct EndTrace(long endedAt)
    {
        public long Ended = endedAt == 0 ? Stopwatch.GetTimestamp() : endedAt;
        public long Started = Stopwatch.GetTimestamp();
        public long Finished;
        public long Queued;
        public long Saved;
        public long Transcribed;
        public long Delivered;

        public readonly double Ms(long stage) => Stopwatch.GetElapsedTime(Ended, stage).TotalMilliseconds;
    }
}
