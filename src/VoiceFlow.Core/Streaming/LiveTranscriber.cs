using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.PostProcessing;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Core.Vad;
using VoiceFlow.Core.Validation;

namespace VoiceFlow.Core.Streaming;

/// <summary>
/// Continuous transcription of a live stream of 16 kHz mono samples (a microphone, a WebSocket), cut into
/// utterances by the service's voice activity detector (<see cref="TranscriptionService.SpeechDetector"/>):
/// <list type="bullet">
/// <item>While someone speaks, the growing utterance is re-decoded each time it has grown by
/// <see cref="LiveTranscriberOptions.PartialInterval"/>, giving <see cref="LivePartialTranscript"/> events; at most one
/// partial decode runs at a time, and none starts while the engine is busy (a final pending, any job running on the model).
/// An utterance decoded during speech gives its stream's hypothesis instead (no second decode).</item>
/// <item>A pause of <see cref="LiveTranscriberOptions.EndOfUtteranceSilence"/> (or reaching
/// <see cref="LiveTranscriberOptions.MaxUtterance"/>) ends the utterance: it is transcribed through
/// <see cref="TranscriptionService.TranscribeAsync"/> (its own job: validation, post-processing, performance record; the
/// service's VAD does not run again, the utterance is already one speech region)
/// and reported as a <see cref="LiveFinalTranscript"/>. Finals arrive in stream order; an utterance without text gives none.</item>
/// <item>With <see cref="LiveTranscriberOptions.DecodeDuringSpeech"/>, each utterance is fed to the engine's stream
/// (cut into phrases at pauses of <see cref="LiveTranscriberOptions.PhrasePause"/>, each finished while the speaker goes
/// on: PocketSphinx ends its search there) while it is spoken (on a thread of its own, <see cref="StreamFeed"/>), up to
/// the end of speech the detector may still move back to; at its end only that stretch and the end of the search are
/// left, and the final is the same job over the stream's segments (<see cref="TranscriptionService.CompleteDecodedAsync"/>).
/// An utterance whose end falls before what was already fed (cut for length), whose stream fell behind (more than half of
/// it not yet decoded at its end: audio sent faster than real time, see <see cref="FellBehind"/>), or whose stream fails,
/// is decoded whole.</item>
/// </list>
/// Use: one producer calls <see cref="Feed"/> with blocks of any size and <see cref="Complete"/> at the end of the stream;
/// one consumer reads <see cref="ReadEventsAsync"/>, which ends after the last final. <see cref="DisposeAsync"/> abandons
/// what is still pending. Feeding allocates nothing per block once running (a partial or final copies its audio
/// into a pooled array).
/// </summary>
public sealed class LiveTranscriber : IAsyncDisposable
{
    /// <summary>Blocks are analysed in steps of at most this many samples (100 ms), which bounds the window's slack.</summary>
    private const int StepSamples = 1600;

    private readonly TranscriptionService _service;
    private readonly ILogger? _logger;
    private readonly IVoiceActivityDetector _vad;
    private readonly StreamWindow _window;
    private readonly TextPipeline _partialPipeline;
    private readonly TranscriptionJobOptions _finalJob;
    private readonly Channel<PendingUtterance> _utterances = Channel.CreateUnbounded<PendingUtterance>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<LiveTranscriptionEvent> _events = Channel.CreateUnbounded<LiveTranscriptionEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _emitLock = new();
    private readonly Task _finals;
    private readonly long _padSamples;
    private readonly long _maxUtteranceSamples;
    private readonly long _partialIntervalSamples;
    private readonly long _idleKeepSamples;
    private readonly long _liveHoldBackSamples;

    // Producer state (the thread calling Feed/Complete).
    private bool _inUtterance;
    private long _utteranceStart;
    private long _lastUtteranceEnd;
    private long _partialDecodedLength;
    private int _nextUtterance;
    private bool _completed;
    private Task _partial = Task.CompletedTask;
    private StreamFeed? _decoding;
    private long _decodingFed;

    // Shared with the partial and final tasks.
    private int _partialInFlight;
    private int _finalsPending;
    private int _lastFinishedUtterance = -1;
    private string _lastPartialText = "";
    private int _disposed;
    private long _finalsDecodedDuringSpeech;
    private long _finalsBehind;

    /// <summary>Starts a live transcription over <paramref name="service"/> (owned by the caller, which may share it with other jobs).</summary>
    /// <param name="service">Runs the finals (<see cref="TranscriptionService.TranscribeAsync"/>) and the partial decodes (<see cref="TranscriptionService.DecodeUnfilteredAsync"/>).</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="logger">Diagnostics (failed partial decodes); null for none.</param>
    /// <exception cref="ConfigurationException">An option is out of range.</exception>
    public LiveTranscriber(TranscriptionService service, LiveTranscriberOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        Options = options ?? new LiveTranscriberOptions();
        Options.Validate();
        _service = service;
        _logger = logger;
        _vad = service.SpeechDetector.CreateStream(Options.EndOfUtteranceSilence, Options.DetectorThreshold);
        _partialPipeline = Options.FilterHallucinations
            ? new TextPipeline([new HallucinationFilter(), .. TextPipeline.From(Options.Job.PostProcessing).Steps])
            : TextPipeline.From(Options.Job.PostProcessing);
        // The segmentation here is the VAD of a final: the service must not run its own again on the utterance.
        _finalJob = Options.Job with { AlreadySegmented = true };
        _padSamples = SamplesOf(Options.SpeechPadding);
        _maxUtteranceSamples = SamplesOf(Options.MaxUtterance);
        _partialIntervalSamples = SamplesOf(Options.PartialInterval);
        // While idle, keep enough audio to start an utterance at (detected start - padding): the detector confirms
        // speech a few frames after it began, and blocks arrive in steps.
        _idleKeepSamples = _padSamples + StepSamples + SamplesOf(TimeSpan.FromSeconds(0.5));
        // An utterance ends at (its speech's end + padding), heard a pause after the speech's end: feeding the stream
        // this far behind the newest sample keeps what it was fed inside the utterance.
        _liveHoldBackSamples = Math.Max(0, SamplesOf(Options.EndOfUtteranceSilence) - _padSamples);
        _window = new StreamWindow((int)(_maxUtteranceSamples + _idleKeepSamples + 2 * StepSamples));
        _finals = Task.Run(TranscribeFinalsAsync);
    }

    /// <summary>The settings in use.</summary>
    public LiveTranscriberOptions Options { get; }

    /// <summary>Samples fed so far (the stream position of the next sample).</summary>
    public long SamplesFed => _window.EndSample;

    /// <summary>Whether the detector hears speech now.</summary>
    public bool InSpeech => _inUtterance;

    /// <summary>Finals whose utterance was decoded while it was spoken (the rest were decoded whole at their end).</summary>
    public long FinalsDecodedDuringSpeech => Interlocked.Read(ref _finalsDecodedDuringSpeech);

    /// <summary>
    /// Utterances whose stream had fallen behind at their end (most of the utterance not yet decoded: audio sent faster
    /// than real time) and which were decoded whole instead.
    /// </summary>
    public long FinalsDecodedWholeAfterFallingBehind => Interlocked.Read(ref _finalsBehind);

    /// <summary>
    /// Whether a stream with <paramref name="backlog"/> samples not yet decoded, at the end of an utterance of
    /// <paramref name="length"/> samples, is better abandoned for a whole decode: when more than half the utterance is
    /// still to do. A stream fed at real-time pace is a block or two behind; one fed a recording at once is behind by
    /// nearly all of it. In between, finishing the stream costs its backlog plus the end of the search, a whole decode
    /// costs the utterance: the stream pays off only when it kept up.
    /// </summary>
    internal static bool FellBehind(long backlog, long length) => backlog > 0 && 2 * backlog > length;

    /// <summary>
    /// Analyses the next block of the stream (16 kHz mono, any length). Non-finite samples are treated as silence.
    /// Call from one thread at a time.
    /// </summary>
    /// <exception cref="InvalidOperationException">After <see cref="Complete"/>.</exception>
    /// <exception cref="ObjectDisposedException">After <see cref="DisposeAsync"/>.</exception>
    public void Feed(ReadOnlySpan<float> block)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_completed)
        {
            throw new InvalidOperationException("the live stream was completed; start a new LiveTranscriber for a new stream");
        }

        while (!block.IsEmpty)
        {
            var step = block[..Math.Min(block.Length, StepSamples)];
            block = block[step.Length..];
            MakeRoom(step.Length);
            var stored = _window.Append(step);
            FiniteGuard.EnsureFinite(stored);
            _vad.Process(stored);
            Advance();
            FeedDecoding(_window.EndSample - _liveHoldBackSamples);
        }
    }

    /// <summary>
    /// Ends the stream: the utterance in progress is finished and transcribed; <see cref="ReadEventsAsync"/> ends after its final.
    /// Calling it again does nothing.
    /// </summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_completed)
        {
            return;
        }

        _completed = true;
        _vad.Complete();
        FinishDetectedSpeech();
        if (_inUtterance)
        {
            FinishUtterance(_window.EndSample);
        }

        _utterances.Writer.TryComplete();
    }

    /// <summary>
    /// Ends the utterance in progress now, as a pause would (a client's explicit end of turn): it is transcribed and
    /// reported as usual. Speech that goes on starts the next utterance. Call from the producer's thread.
    /// </summary>
    /// <returns>False when no utterance was in progress.</returns>
    public bool EndUtterance()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        FinishDetectedSpeech();
        if (!_inUtterance || _completed)
        {
            return false;
        }

        FinishUtterance(_window.EndSample);
        return true;
    }

    /// <summary>
    /// Drops the utterance in progress without transcribing it (a client cleared its audio); with
    /// <see cref="LiveTranscriberOptions.ReportUtteranceBoundaries"/> a <see cref="LiveUtteranceBoundaryKind.Discarded"/>
    /// boundary says so. Speech that goes on starts the next utterance. Call from the producer's thread.
    /// </summary>
    /// <returns>False when no utterance was in progress.</returns>
    public bool DiscardUtterance()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!_inUtterance || _completed)
        {
            return false;
        }

        _inUtterance = false;
        _lastUtteranceEnd = _window.EndSample;
        TakeDecoding()?.Dispose();
        int discarded = _nextUtterance++;
        if (Options.ReportUtteranceBoundaries)
        {
            _events.Writer.TryWrite(new LiveUtteranceBoundary(discarded, TimeOf(_utteranceStart), TimeOf(_window.EndSample), LiveUtteranceBoundaryKind.Discarded));
        }

        return true;
    }

    /// <summary>
    /// The events in order: partials of utterance 0, its final, partials of utterance 1, ... Ends after the last final once
    /// <see cref="Complete"/> was called; throws the error that stopped transcription (e.g. an <see cref="EngineException"/>).
    /// One reader at a time.
    /// </summary>
    public IAsyncEnumerable<LiveTranscriptionEvent> ReadEventsAsync(CancellationToken cancellationToken = default) =>
        _events.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Stops: cancels pending transcriptions (without emitting them), waits for running ones, and ends the event stream.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _completed = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        _utterances.Writer.TryComplete();
        await _finals.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _partial.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        while (_utterances.Reader.TryRead(out var abandoned))
        {
            abandoned.Release();
        }

        TakeDecoding()?.Dispose();
        _events.Writer.TryComplete();
        _stop.Dispose();
    }

    private void MakeRoom(int incoming)
    {
        if (!_inUtterance && _window.EndSample - _window.StartSample > 2 * _idleKeepSamples)
        {
            _window.DiscardBefore(_window.EndSample - _idleKeepSamples);
        }

        if (_window.Free < incoming)
        {
            // Cannot happen while utterances are cut at their maximum length; kept as a bound, not a crash.
            _window.DiscardBefore(_window.StartSample + incoming - _window.Free);
            _utteranceStart = Math.Max(_utteranceStart, _window.StartSample);
        }
    }

    private void Advance()
    {
        FinishDetectedSpeech();
        if (!_inUtterance && _vad.InSpeech)
        {
            StartUtterance(_vad.SpeechStartSample - _padSamples);
        }

        if (!_inUtterance)
        {
            return;
        }

        long length = _window.EndSample - _utteranceStart;
        if (length >= _maxUtteranceSamples)
        {
            // No pause for too long: cut at the quietest moment of the last quarter and go on with a new utterance.
            long cut = _window.QuietestPoint(_utteranceStart + _maxUtteranceSamples * 3 / 4, _window.EndSample);
            FinishUtterance(cut);
            StartUtterance(cut);
            return;
        }

        if (_partialIntervalSamples > 0 && length - _partialDecodedLength >= _partialIntervalSamples)
        {
            TryStartPartial(length);
        }
    }

    private void FinishDetectedSpeech()
    {
        while (_vad.TryDequeue(out var speech))
        {
            if (!_inUtterance)
            {
                // Speech that began and ended within one step.
                StartUtterance(speech.Start - _padSamples);
            }

            FinishUtterance(Math.Min(speech.End + _padSamples, _window.EndSample));
        }
    }

    private void StartUtterance(long start)
    {
        _utteranceStart = Math.Max(Math.Max(start, _window.StartSample), _lastUtteranceEnd);
        _partialDecodedLength = 0;
        _inUtterance = true;
        StartDecoding();
        if (Options.ReportUtteranceBoundaries)
        {
            _events.Writer.TryWrite(new LiveUtteranceBoundary(_nextUtterance, TimeOf(_utteranceStart), TimeOf(_utteranceStart), LiveUtteranceBoundaryKind.Started));
        }
    }

    private void FinishUtterance(long end)
    {
        _inUtterance = false;
        _lastUtteranceEnd = end;
        var decoding = TakeDecoding();
        if (decoding is not null && (end < _decodingFed || end <= _utteranceStart || _decodingFed < _window.StartSample))
        {
            // Already fed past the end (an utterance cut for length), or nothing to decode: decode it whole.
            decoding.Dispose();
            decoding = null;
        }

        if (decoding is not null && Options.DecodeWholeWhenBehind && FellBehind(decoding.Backlog, end - _utteranceStart))
        {
            // Audio that came faster than the stream decodes it (a client sending a recording, not a microphone): finishing
            // the stream would decode most of the utterance after its end anyway, through the stream's restarts and
            // phrase ends, which costs more than one whole decode. Stop the stream (its queue is dropped) and decode whole.
            _logger?.LogDebug("utterance {Utterance}: the stream is {Backlog} samples behind; decoded whole", _nextUtterance, decoding.Backlog);
            decoding.Dispose();
            decoding = null;
            Interlocked.Increment(ref _finalsBehind);
        }

        decoding?.Write(_window.Slice(_decodingFed, end));
        if (Options.ReportUtteranceBoundaries)
        {
            _events.Writer.TryWrite(new LiveUtteranceBoundary(_nextUtterance, TimeOf(_utteranceStart), TimeOf(Math.Max(end, _utteranceStart)), LiveUtteranceBoundaryKind.Ended));
        }

        if (end <= _utteranceStart)
        {
            if (Options.ReportUtteranceBoundaries)
            {
                // No audio, but a listener has heard it end and expects its outcome; the next utterance gets a new number.
                _events.Writer.TryWrite(new LiveUtteranceBoundary(_nextUtterance++, TimeOf(_utteranceStart), TimeOf(_utteranceStart), LiveUtteranceBoundaryKind.NoText));
            }

            return;
        }

        var utterance = PendingUtterance.Copy(_nextUtterance++, _utteranceStart, _window.Slice(_utteranceStart, end)) with { Decoding = decoding };
        Interlocked.Increment(ref _finalsPending);
        if (!_utterances.Writer.TryWrite(utterance))
        {
            Interlocked.Decrement(ref _finalsPending);
            utterance.Release();
        }
    }

    /// <summary>Opens the engine's stream for the utterance just started, when it has one free and it is wanted.</summary>
    private void StartDecoding()
    {
        TakeDecoding()?.Dispose();
        if (!Options.DecodeDuringSpeech)
        {
            return;
        }

        try
        {
            // An utterance is already cut at a pause: an engine without a stream (Whisper) decodes it whole at its end.
            if (_service.TryOpenStream(Options.Job.Engine, Options.PhrasePause, wholeInputPhrases: false) is { } stream)
            {
                _decoding = new StreamFeed(feed => feed(stream), _logger);
                _decodingFed = _utteranceStart;
            }
        }
        catch (UnsupportedRequestException ex)
        {
            // The final's own job reports the option the engine refuses.
            _logger?.LogDebug("utterance {Utterance} is decoded at its end: {Reason}", _nextUtterance, ex.Message);
        }
    }

    /// <summary>Hands the utterance's samples up to <paramref name="limit"/> to its decode (on the producer's thread: a copy).</summary>
    private void FeedDecoding(long limit)
    {
        if (_decoding is null || !_inUtterance)
        {
            return;
        }

        if (_decodingFed < _window.StartSample)
        {
            // The window dropped audio the stream was still to get (cannot happen while utterances are cut at their maximum).
            TakeDecoding()?.Dispose();
            return;
        }

        limit = Math.Min(limit, _window.EndSample);
        if (limit > _decodingFed)
        {
            _decoding.Write(_window.Slice(_decodingFed, limit));
            _decodingFed = limit;
        }
    }

    private StreamFeed? TakeDecoding()
    {
        var decoding = _decoding;
        _decoding = null;
        return decoding;
    }

    private void TryStartPartial(long length)
    {
        if (_decoding is { } decoding && Volatile.Read(ref _partialInFlight) == 0)
        {
            // The stream's own hypothesis: no second decode of the utterance competing with it for the CPU.
            _partialDecodedLength = length;
            Volatile.Write(ref _partialInFlight, 1);
            int index = _nextUtterance;
            long start = _utteranceStart;
            long end = _window.EndSample;
            _partial = ReadStreamPartialAsync(decoding, index, start, end);
            return;
        }

        if (Volatile.Read(ref _partialInFlight) != 0 || Volatile.Read(ref _finalsPending) != 0 || _service.RunningJobs > 0)
        {
            return; // engine busy: try again on the next step
        }

        _partialDecodedLength = length;
        var snapshot = PendingUtterance.Copy(_nextUtterance, _utteranceStart, _window.Slice(_utteranceStart, _window.EndSample));
        Volatile.Write(ref _partialInFlight, 1);
        // Off the producer's thread: an engine may decode synchronously inside ProcessAsync.
        _partial = Task.Run(() => DecodePartialAsync(snapshot));
    }

    private async Task DecodePartialAsync(PendingUtterance snapshot)
    {
        try
        {
            string raw = await _service.DecodeUnfilteredAsync(snapshot.Audio, Options.Job.Engine, _stop.Token).ConfigureAwait(false);

            string text = _partialPipeline.Process(raw.Trim());
            if (text.Length > 0)
            {
                Emit(snapshot.Index, new LivePartialTranscript(snapshot.Index, TimeOf(snapshot.StartSample), TimeOf(snapshot.EndSample), text));
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed while decoding.
        }
        catch (VoiceFlowException ex)
        {
            // A partial is only a preview: the final will report a real problem.
            _logger?.LogDebug(ex, "partial decode of utterance {Utterance} failed", snapshot.Index);
        }
        finally
        {
            snapshot.Release();
            Volatile.Write(ref _partialInFlight, 0);
        }
    }

    private async Task ReadStreamPartialAsync(StreamFeed decoding, int index, long start, long end)
    {
        try
        {
            string text = _partialPipeline.Process((await decoding.PartialTextAsync().ConfigureAwait(false) ?? "").Trim());
            if (text.Length > 0)
            {
                Emit(index, new LivePartialTranscript(index, TimeOf(start), TimeOf(end), text));
            }
        }
        finally
        {
            Volatile.Write(ref _partialInFlight, 0);
        }
    }

    /// <summary>Writes a partial unless its utterance's final is already out (or the same text was just shown).</summary>
    private void Emit(int utterance, LivePartialTranscript partial)
    {
        lock (_emitLock)
        {
            if (utterance <= _lastFinishedUtterance || partial.Text == _lastPartialText)
            {
                return;
            }

            _lastPartialText = partial.Text;
            _events.Writer.TryWrite(partial);
        }
    }

    private async Task TranscribeFinalsAsync()
    {
        try
        {
            await foreach (var utterance in _utterances.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                TranscriptionResult? result = null;
                try
                {
                    var decoded = utterance.Decoding is { } decoding ? await decoding.FinishAsync().ConfigureAwait(false) : null;
                    if (decoded is not null)
                    {
                        Interlocked.Increment(ref _finalsDecodedDuringSpeech);
                    }

                    result = decoded is not null
                        ? await _service.CompleteDecodedAsync(utterance.Audio, decoded, _finalJob, _stop.Token).ConfigureAwait(false)
                        : await _service.TranscribeAsync(utterance.Audio, _finalJob, _stop.Token).ConfigureAwait(false);
                }
                catch (AudioValidationException ex)
                {
                    // Bad audio spoils this utterance, not the stream.
                    _logger?.LogWarning("utterance {Utterance} skipped: {Reason}", utterance.Index, ex.Message);
                }
                finally
                {
                    utterance.Release();
                }

                lock (_emitLock)
                {
                    _lastFinishedUtterance = utterance.Index;
                    _lastPartialText = "";
                    if (result is not null && !string.IsNullOrWhiteSpace(result.Text))
                    {
                        _events.Writer.TryWrite(new LiveFinalTranscript(
                            utterance.Index, TimeOf(utterance.StartSample), TimeOf(utterance.EndSample), result.Text, result.RawText, result.ProcessingTime, result));
                    }
                    else if (Options.ReportUtteranceBoundaries)
                    {
                        _events.Writer.TryWrite(new LiveUtteranceBoundary(utterance.Index, TimeOf(utterance.StartSample), TimeOf(utterance.EndSample), LiveUtteranceBoundaryKind.NoText));
                    }
                }

                Interlocked.Decrement(ref _finalsPending);
            }

            await _partial.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _events.Writer.TryComplete();
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            _events.Writer.TryComplete();
        }
        catch (Exception ex)
        {
            _logger?.LogError(ex, "live transcription stopped");
            // Refuse further utterances (their pooled copies would pile up) and end the events with the cause.
            _utterances.Writer.TryComplete();
            while (_utterances.Reader.TryRead(out var abandoned))
            {
                abandoned.Release();
            }

            await _partial.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _events.Writer.TryComplete(ex);
        }
    }

    private static TimeSpan TimeOf(long sample) => TimeSpan.FromSeconds(sample / (double)AudioFormat.RecognizerSampleRate);

    private static long SamplesOf(TimeSpan duration) => (long)Math.Round(duration.TotalSeconds * AudioFormat.RecognizerSampleRate);
}
