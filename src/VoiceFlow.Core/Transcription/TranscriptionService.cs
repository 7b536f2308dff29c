using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Buffers;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.Monitoring;
using VoiceFlow.Core.PostProcessing;
using VoiceFlow.Core.Vad;
using VoiceFlow.Core.Validation;

namespace VoiceFlow.Core.Transcription;

/// <summary>
/// The "buffer-safe" transcription service (seed step 2): every job gets its own validated copy of the
/// audio, its own id, no prompt or context from an earlier job unless it asks for one, and a record in the
/// performance monitor with per-stage times. Jobs share one loaded model through <see cref="ModelAccess"/>.
/// Thread-safe: call it from as many threads as you like.
/// </summary>
public sealed class TranscriptionService : IAsyncDisposable
{
    /// <summary>
    /// Longest window a file streams through (60 s at 16 kHz, 3.8 MB); each is cut at the quietest 200 ms of its last
    /// third, so a window lasts 40 to 60 s and a boundary falls in a pause.
    /// </summary>
    public const int FileWindowSamples = AudioFormat.RecognizerSampleRate * 60;

    /// <summary>Capture-callback-sized blocks for optimized validation (100 ms at 16 kHz).</summary>
    private const int ValidationBlockSamples = 1600;

    private static long s_nextJobId;

    private static readonly HallucinationFilter s_hallucinationFilter = new();

    private readonly ISpeechEngineFactory _factory;
    private readonly TranscriptionServiceOptions _options;
    private readonly PerformanceMonitor? _monitor;
    private readonly IAudioBufferPool _pool;
    private readonly AudioValidator _recordingValidator;
    private readonly AudioLoadOptions _loadOptions;
    private readonly ActiveOptimizations _optimizations;
    private readonly ILogger? _logger;
    private readonly Lazy<ISpeechDetector> _detector;
    private CachedPipeline? _lastPipeline;
    private CachedPipeline? _continuationPipeline;

    /// <param name="factory">The loaded model; owned by the caller (disposed after this service).</param>
    /// <param name="options">The effective configuration; read once into <see cref="TranscriptionServiceOptions"/>.</param>
    /// <param name="monitor">Where each job's performance is recorded; null for none.</param>
    /// <param name="pool">Buffers for job copies; null for one built from <paramref name="options"/>.</param>
    /// <param name="logger">Diagnostics; null for none.</param>
    /// <param name="detector">Finds the speech in each job (vad_detector, built by the host); null for the energy detector.</param>
    public TranscriptionService(ISpeechEngineFactory factory, VoiceFlowOptions options, PerformanceMonitor? monitor = null, IAudioBufferPool? pool = null, ILogger? logger = null, ISpeechDetector? detector = null)
        : this(factory, TranscriptionServiceOptions.From(options ?? throw new ArgumentNullException(nameof(options))), monitor, pool, logger, detector)
    {
    }

    /// <param name="factory">The loaded model; owned by the caller (disposed after this service).</param>
    /// <param name="options">Speech detection, validation, memory, model access, monitoring and filtering settings.</param>
    /// <param name="monitor">Where each job's performance is recorded; null for none.</param>
    /// <param name="pool">Buffers for job copies; null for one built from <paramref name="options"/>.</param>
    /// <param name="logger">Diagnostics; null for none.</param>
    /// <param name="detector">Finds the speech in each job (vad_detector, built by the host); null for the energy detector.</param>
    /// <param name="detectorFactory">
    /// Builds the detector at its first use instead (when <paramref name="detector"/> is null): a job with the VAD off
    /// never loads a detector's model; a model that cannot be loaded fails the first use that needs it.
    /// </param>
    /// <exception cref="ConfigurationException">A speech detection or model access setting is out of range.</exception>
    public TranscriptionService(ISpeechEngineFactory factory, TranscriptionServiceOptions options, PerformanceMonitor? monitor = null, IAudioBufferPool? pool = null, ILogger? logger = null, ISpeechDetector? detector = null,
        Func<ISpeechDetector>? detectorFactory = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(options);
        // Bad detector settings fail here, at start, not in the first job.
        options.SpeechDetection.Detector.Validate();
        _factory = factory;
        _options = options;
        _monitor = options.Monitoring.TrackPerformanceStats ? monitor : null;
        _pool = pool ?? options.Memory.CreatePool();
        _recordingValidator = new AudioValidator(options.Validation.Limits, AudioValidationPolicy.ForRecording);
        _loadOptions = AudioLoadOptions.Default with
        {
            // Decoding stops at the configured maximum instead of reading an hour of audio only to reject it.
            MaxDuration = AudioFormat.DurationOf(options.Validation.Limits.MaxSamples) + TimeSpan.FromSeconds(1),
        };
        _optimizations = options.ActiveOptimizations;
        _logger = logger;
        _detector = detector is not null ? new Lazy<ISpeechDetector>(detector)
            : detectorFactory is not null ? new Lazy<ISpeechDetector>(detectorFactory)
            : new Lazy<ISpeechDetector>(new EnergySpeechDetector(options.SpeechDetection.Detector));
        Access = new ModelAccess(factory, options.ModelAccess);
    }

    /// <summary>The voice activity detector of every job (and of live transcription over this service).</summary>
    public ISpeechDetector SpeechDetector => _detector.Value;

    /// <summary>The settings in force.</summary>
    public TranscriptionServiceOptions Options => _options;

    /// <summary>How jobs reach the model (counters for diagnostics and tests).</summary>
    public ModelAccess Access { get; }

    /// <summary>The engine's name.</summary>
    public string EngineName => _factory.EngineName;

    /// <summary>The model's name.</summary>
    public string ModelName => _factory.ModelName;

    /// <summary>
    /// Transcribes a file of any supported format and any length: it streams through decode → resample → VAD → engine
    /// in windows of at most <see cref="FileWindowSamples"/>, each cut in a pause, so memory does not grow with the
    /// file (beyond its transcript). A file that fits in one window is one job exactly as <see cref="TranscribeAsync"/>
    /// runs it. The only length limit is <see cref="TranscriptionServiceOptions.MaxFileAudio"/> (max_file_audio_seconds).
    /// </summary>
    /// <exception cref="AudioFormatException">Missing, empty, malformed or undecodable file.</exception>
    /// <exception cref="AudioValidationException">Longer than max_file_audio_seconds, or rejected by validation.</exception>
    public async Task<TranscriptionResult> TranscribeFileAsync(string path, TranscriptionJobOptions? job = null, CancellationToken cancellationToken = default)
    {
        job = (job ?? new TranscriptionJobOptions()) with { SourceName = path };
        long started = Stopwatch.GetTimestamp();
        var clock = StageStopwatch.StartNew();
        var transcript = new JobTranscript();
        var audio = await Mono16kStream.OpenAsync(path, _loadOptions, cancellationToken).ConfigureAwait(false);
        await using (audio.ConfigureAwait(false))
        {
            if (audio.Length is long known)
            {
                CheckFileLength(path, known, exact: true);
            }

            // A short file gets a buffer of its own size (+1 to see its end); a long or unknown one a full window.
            var window = new float[audio.Length is long length ? (int)Math.Min(length + 1, FileWindowSamples) : FileWindowSamples];
            int filled = 0;
            long offset = 0;
            while (true)
            {
                filled += await ReadWindowAsync(audio, window.AsMemory(filled), path, cancellationToken).ConfigureAwait(false);
                CheckFileLength(path, offset + filled, exact: false);
                clock.Lap(ref transcript.Stages, PipelineStage.Decode);
                bool end = filled < window.Length;
                int cut = end ? filled : QuietestCut.Find(window.AsSpan(0, filled), filled * 2 / 3, filled);
                var progress = job.Progress is null ? null : new WindowProgress(job.Progress, offset, cut, audio.ExpectedDuration);
                try
                {
                    await RecogniseWindowAsync(window.AsMemory(0, cut), offset, job, progress, transcript, cancellationToken).ConfigureAwait(false);
                }
                catch (AudioValidationException exception)
                {
                    // Decoding errors already name the file; a file that decodes but fails validation must too.
                    throw new AudioValidationException($"{path}: {exception.Message}", exception);
                }

                clock.Restart();
                offset += cut;
                if (end)
                {
                    break;
                }

                // The audio after the cut starts the next window.
                window.AsSpan(cut, filled - cut).CopyTo(window);
                filled -= cut;
            }

            return Complete(job, transcript, offset, audio.Describe(), started);
        }
    }

    /// <summary>Fills a window from the file; a decoder that stalls longer than the decode timeout is stopped with an error.</summary>
    private async Task<int> ReadWindowAsync(Mono16kStream audio, Memory<float> destination, string path, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_loadOptions.DecodeTimeout);
        try
        {
            return await audio.ReadAsync(destination, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AudioFormatException($"{path}: decoding stalled for {_loadOptions.DecodeTimeout} and was stopped.", exception);
        }
    }

    /// <summary>Refuses a file longer than max_file_audio_seconds, naming the setting that allows it.</summary>
    private void CheckFileLength(string path, long samples, bool exact)
    {
        if (_options.MaxFileAudio is not { } limit || AudioFormat.DurationOf(samples) <= limit)
        {
            return;
        }

        string length = exact ? $"lasts {Clock(AudioFormat.DurationOf(samples))}, more" : "lasts longer";
        throw new AudioTooLongException(string.Create(CultureInfo.InvariantCulture,
            $"{path}: the audio {length} than the {Clock(limit)} allowed by max_file_audio_seconds = {limit.TotalSeconds:0.###} (raise it with --set max_file_audio_seconds=SECONDS, or 0 for no limit)."));
    }

    private static string Clock(TimeSpan time) => $"{(int)time.TotalHours}:{time.Minutes:00}:{time.Seconds:00}";

    /// <summary>Transcribes a file's bytes from a stream (an upload, stdin).</summary>
    public async Task<TranscriptionResult> TranscribeStreamAsync(Stream stream, TranscriptionJobOptions? job = null, CancellationToken cancellationToken = default)
    {
        job ??= new TranscriptionJobOptions();
        long started = Stopwatch.GetTimestamp();
        var clock = StageStopwatch.StartNew();
        StageTimings stages = default;
        var audio = await AudioFileLoader.LoadMono16kAsync(stream, job.SourceName, _loadOptions, cancellationToken).ConfigureAwait(false);
        clock.Lap(ref stages, PipelineStage.Decode);
        return await RunJobAsync(audio.Samples, audio.Source, job, stages, started, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Transcribes mono 16 kHz samples. The caller's buffer is never modified: the job works on its own copy.</summary>
    public Task<TranscriptionResult> TranscribeAsync(ReadOnlyMemory<float> samples16k, TranscriptionJobOptions? job = null, CancellationToken cancellationToken = default) =>
        RunJobAsync(samples16k, null, job ?? new TranscriptionJobOptions(), default, Stopwatch.GetTimestamp(), cancellationToken);

    // --- For live transcription (LiveTranscriber): previews that are not jobs. ---

    /// <summary>Jobs running on the model now; optional work (a live preview) is skipped while it is busy.</summary>
    public int RunningJobs => Access.Running;

    /// <summary>
    /// The engine's text for <paramref name="samples16k"/> as they are, segments joined by spaces: a preview, not a
    /// job — no validation, VAD, clean-up or performance record. The caller guarantees finite samples.
    /// </summary>
    /// <param name="samples16k">Mono 16 kHz samples, read only while the call runs.</param>
    /// <param name="engine">The processor's options.</param>
    /// <param name="cancellationToken">Abandons the decode.</param>
    /// <exception cref="EngineBusyException">The model's queue is full.</exception>
    public Task<string> DecodeUnfilteredAsync(ReadOnlyMemory<float> samples16k, TranscriptionOptions engine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return Access.RunAsync(engine, async (processor, ct) =>
        {
            var segments = new List<Segment>();
            await foreach (var segment in processor.ProcessAsync(samples16k, ct).ConfigureAwait(false))
            {
                segments.Add(segment);
            }

            return JoinText(segments);
        }, cancellationToken);
    }

    // --- End of live transcription's methods. ---

    // --- For audio decoded while it was captured (dictation): the engine's stream, then the job without its decode. ---

    /// <summary>
    /// A stream that decodes one utterance while it is captured, for an engine that can
    /// (<see cref="ISpeechEngineFactory.TryOpenStream"/>); null when it cannot or has no decoder free. Finish it and hand
    /// its segments to <see cref="CompleteDecodedAsync"/>.
    /// </summary>
    /// <exception cref="UnsupportedRequestException">An option the engine cannot honour.</exception>
    public ISpeechStream? TryOpenStream(TranscriptionOptions engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return _factory.TryOpenStream(engine);
    }

    /// <summary>
    /// A stream that cuts the utterance into phrases at pauses of at least <paramref name="phrasePause"/> (heard by the
    /// service's detector) and finishes each phrase while the speaker goes on: on the engine's own stream when it has one
    /// free (PocketSphinx ends its utterance at the pause), else by decoding each finished phrase as a whole input
    /// (Whisper; the earlier phrases' text is its prompt). <see cref="ISpeechStream.Finish"/> then leaves only the last
    /// phrase. Finish it and hand its segments to <see cref="CompleteDecodedAsync"/>, as for <see cref="TryOpenStream(TranscriptionOptions)"/>.
    /// </summary>
    /// <param name="engine">The processor's options.</param>
    /// <param name="phrasePause">The pause that ends a phrase; zero or less for <see cref="TryOpenStream(TranscriptionOptions)"/> (no cutting).</param>
    /// <param name="wholeInputPhrases">
    /// Whether an engine without a stream free decodes each finished phrase as a whole input; false gives null for it
    /// (a caller whose audio is already cut at pauses, such as a live utterance, gains nothing from it).
    /// </param>
    /// <param name="speculativePause">
    /// A pause (shorter than <paramref name="phrasePause"/>) after which a phrase decoded as a whole input starts
    /// decoding in the background, used if no speech follows (see <see cref="Streaming.PhraseCuttingStream"/>); zero for none.
    /// </param>
    /// <exception cref="UnsupportedRequestException">An option the engine cannot honour.</exception>
    public ISpeechStream? TryOpenStream(TranscriptionOptions engine, TimeSpan phrasePause, bool wholeInputPhrases = true, TimeSpan speculativePause = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (phrasePause <= TimeSpan.Zero)
        {
            return TryOpenStream(engine);
        }

        var inner = _factory.TryOpenStream(engine) ?? (wholeInputPhrases ? new BatchPhraseStream(Access, engine) : null);
        return inner is null ? null : new Streaming.PhraseCuttingStream(inner, SpeechDetector.CreateStream(phrasePause), phrasePause, speculativePause);
    }

    /// <summary>
    /// The job for audio a stream has already decoded: the same validation, speech detection (no speech gives no text,
    /// whatever the stream heard), hallucination filter, clean-up and performance record as <see cref="TranscribeAsync"/>,
    /// with <paramref name="decoded"/> in place of the engine's decode.
    /// </summary>
    /// <param name="samples16k">Everything the stream was fed, in order.</param>
    /// <param name="decoded">The stream's segments, times from the first sample.</param>
    /// <param name="job">The job's options (those the stream was opened with).</param>
    /// <param name="cancellationToken">Cancels the job.</param>
    public Task<TranscriptionResult> CompleteDecodedAsync(ReadOnlyMemory<float> samples16k, IReadOnlyList<Segment> decoded, TranscriptionJobOptions? job = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        return RunJobAsync(samples16k, null, job ?? new TranscriptionJobOptions(), default, Stopwatch.GetTimestamp(), cancellationToken, decoded);
    }

    private async Task<TranscriptionResult> RunJobAsync(
        ReadOnlyMemory<float> input, AudioSourceInfo? source, TranscriptionJobOptions job, StageTimings stages, long started, CancellationToken cancellationToken,
        IReadOnlyList<Segment>? decoded = null)
    {
        _recordingValidator.CheckLength(input.Length);
        var transcript = new JobTranscript { Stages = stages };
        await RecogniseWindowAsync(input, 0, job, job.Progress, transcript, cancellationToken, decoded).ConfigureAwait(false);
        return Complete(job, transcript, input.Length, source, started);
    }

    /// <summary>
    /// Validates, detects speech in, recognises and filters one stretch of a job's audio starting at sample
    /// <paramref name="offset"/> of the job's input, adding what it found to <paramref name="transcript"/>.
    /// <paramref name="decoded"/>: what a stream already recognised in the stretch (no decode then); null to decode.
    /// </summary>
    private async Task RecogniseWindowAsync(
        ReadOnlyMemory<float> input, long offset, TranscriptionJobOptions job, IProgress<double>? progress, JobTranscript transcript, CancellationToken cancellationToken,
        IReadOnlyList<Segment>? decoded = null)
    {
        var clock = StageStopwatch.StartNew();

        // Validate: the job's own copy, so neither the caller's buffer nor another job's can change under it.
        using var copy = _pool.Rent(input.Length);
        var samples = copy.Memory;
        input.CopyTo(samples);
        transcript.AddValidation(Validate(samples.Span));
        clock.Lap(ref transcript.Stages, PipelineStage.Validate);

        // VAD: find speech, split long speech at silences.
        var chunks = job.AlreadySegmented ? AsOneSpeechRegion(samples.Span, out var speech) : FindSpeech(samples.Span, out speech);
        clock.Lap(ref transcript.Stages, PipelineStage.Vad);

        // Recognise: chunks in order on one processor; the finite guard stands at the engine boundary
        // whatever validation mode ran (sampling may skip a NaN; the guard never does).
        FiniteGuard.EnsureFinite(samples.Span);
        var segments = chunks.Count == 0
            ? []
            : decoded ?? await Access.RunAsync(job.Engine, (processor, ct) => RecogniseAsync(processor, samples, chunks, job, progress, AudioFormat.DurationOf(offset), ct), cancellationToken).ConfigureAwait(false);
        clock.Lap(ref transcript.Stages, PipelineStage.Recognise);

        // The hallucination filter runs first, on every job: the clean-up steps must not polish an invention.
        var removed = new List<FilteredText>();
        var kept = _options.HallucinationFilter && !job.Unfiltered ? s_hallucinationFilter.FilterSegments(segments, speech, removed) : segments;
        clock.Lap(ref transcript.Stages, PipelineStage.Postprocess);
        transcript.Add(segments, kept, chunks, offset);
        transcript.AddRemoved(removed, offset);
    }

    /// <summary>Cleans the kept segments, records the job and builds its result.</summary>
    private TranscriptionResult Complete(TranscriptionJobOptions job, JobTranscript transcript, long totalSamples, AudioSourceInfo? source, long started)
    {
        long jobId = Interlocked.Increment(ref s_nextJobId);
        var clock = StageStopwatch.StartNew();
        string raw = JoinText(transcript.RawSegments);
        var segments = CleanSegments(transcript.Segments, job.PostProcessing);
        string text = JoinText(segments);
        clock.Lap(ref transcript.Stages, PipelineStage.Postprocess);
        var stages = transcript.Stages;
        var validation = transcript.Validation;

        var duration = AudioFormat.DurationOf(totalSamples);
        var processing = Stopwatch.GetElapsedTime(started);
        _monitor?.Record(duration.TotalSeconds, processing.TotalSeconds, stages, _optimizations, _factory.EngineName, _factory.ModelName);
        if (_logger is not null && validation.WasRepaired)
        {
            _logger.LogWarning("job {JobId} ({Source}): audio repaired before transcription ({Repaired})", jobId, job.SourceName, validation.Repaired);
        }

        if (_logger is not null && _options.Monitoring.LogOptimizationEffects)
        {
            _logger.LogInformation("job {JobId} ({Source}): {Audio:0.00} s of audio in {Processing:0.000} s, {SpeedFactor:0.0}x realtime; optimizations: {Optimizations}",
                jobId, job.SourceName, duration.TotalSeconds, processing.TotalSeconds, duration.TotalSeconds / Math.Max(processing.TotalSeconds, 1e-9), _optimizations);
        }

        var language = DetectedLanguage.Of(segments, job.Engine.Language);
        return new TranscriptionResult
        {
            JobId = jobId,
            Source = job.SourceName,
            Engine = _factory.EngineName,
            Model = _factory.ModelName,
            Language = language.Code,
            LanguageProbability = language.Probability,
            AudioDuration = duration,
            ProcessingTime = processing,
            Text = text,
            RawText = raw,
            Segments = segments,
            Stages = stages,
            Optimizations = _optimizations,
            Validation = validation,
            SourceInfo = source,
            SpeechRegions = transcript.SpeechRegions,
            Removed = transcript.Removed,
        };
    }

    /// <summary>
    /// The clean-up applied to each segment, so the text and every subtitle cue show the same words. A segment that
    /// continues a sentence (the previous one ends without . ! or ?) keeps the case the engine gave its first letter:
    /// only a sentence start is capitalised, as when the joined text is cleaned as a whole.
    /// </summary>
    private IReadOnlyList<Segment> CleanSegments(IReadOnlyList<Segment> segments, PostProcessingOptions options)
    {
        var pipeline = PipelineFor(options);
        if (pipeline.Steps.Count == 0)
        {
            return segments;
        }

        var cleaned = new List<Segment>(segments.Count);
        bool sentenceStart = true;
        foreach (var segment in segments)
        {
            string text = pipeline.Process(segment.Text.Trim());
            if (!sentenceStart && options.CapitalizeSentences && text.Length > 0 && char.IsUpper(text[0]))
            {
                string uncapitalised = PipelineFor(options with { CapitalizeSentences = false }).Process(segment.Text.Trim());
                if (uncapitalised.Length == text.Length && char.IsLower(uncapitalised[0]))
                {
                    text = uncapitalised[0] + text[1..];
                }
            }

            if (text.Length > 0)
            {
                sentenceStart = text[^1] is '.' or '!' or '?';
            }

            cleaned.Add(text == segment.Text ? segment : segment with { Text = text });
        }

        return cleaned;
    }

    /// <summary>
    /// What the engine gets: nothing when the VAD hears no speech (engines invent text from silence); else the
    /// speech in chunks cut at silences, or the whole input for an engine that windows long audio itself.
    /// </summary>
    /// <param name="samples">The job's audio.</param>
    /// <param name="speech">Where the VAD heard speech; null when the VAD is off.</param>
    private IReadOnlyList<SampleRange> FindSpeech(ReadOnlySpan<float> samples, out IReadOnlyList<SampleRange>? speech)
    {
        SampleRange whole = new(0, samples.Length);
        var detection = _options.SpeechDetection;
        if (IsSilence(samples, detection.SilenceThresholdDbfs))
        {
            speech = [];
            return [];
        }

        speech = null;
        if (!detection.Enabled)
        {
            return [whole];
        }

        var maxChunk = _factory.MaxChunkDuration;
        var segmenter = maxChunk is { } max ? detection.Segmenter(max) : null;
        speech = SpeechDetector.Detect(samples, segmenter is null ? null : TimeSpan.FromSeconds(segmenter.MaxChunkSeconds - 2 * segmenter.MarginSeconds));
        if (speech.Count == 0)
        {
            return [];
        }

        return segmenter is not null ? SpeechSegmenter.Split(samples, speech, segmenter) : [whole];
    }

    /// <summary>Whether the RMS level of <paramref name="samples"/> stays below <paramref name="thresholdDbfs"/> (empty audio is silence).</summary>
    private static bool IsSilence(ReadOnlySpan<float> samples, double thresholdDbfs)
    {
        if (samples.IsEmpty)
        {
            return true;
        }

        double meanSquare = System.Numerics.Tensors.TensorPrimitives.SumOfSquares(samples) / samples.Length;
        // 20·log10(rms) = 10·log10(mean square); digital silence is -infinity.
        return 10 * Math.Log10(meanSquare) < thresholdDbfs;
    }

    /// <summary>
    /// For audio the caller's own VAD already cut to one utterance (<see cref="TranscriptionJobOptions.AlreadySegmented"/>):
    /// the whole input is the speech, split only for an engine with a chunk limit; the VAD does not run again.
    /// </summary>
    private IReadOnlyList<SampleRange> AsOneSpeechRegion(ReadOnlySpan<float> samples, out IReadOnlyList<SampleRange>? speech)
    {
        SampleRange whole = new(0, samples.Length);
        speech = [whole];
        return _factory.MaxChunkDuration is { } maxChunk
            ? SpeechSegmenter.Split(samples, speech, new SegmenterOptions { MaxChunkSeconds = maxChunk.TotalSeconds })
            : [whole];
    }

    /// <summary>
    /// Baseline: one full pass over the whole recording. Optimized (the seed's step 1): the recording is
    /// checked as the capture path sees it, block by block, with trust and statistical sampling.
    /// </summary>
    private AudioValidationReport Validate(Span<float> samples)
    {
        var validation = _options.Validation;
        if (!validation.Optimized)
        {
            return _recordingValidator.Validate(samples);
        }

        var blocks = new StreamingAudioValidator(
            new AudioValidator(validation.Limits, AudioValidationPolicy.ForBlocks),
            optimized: true, validation.ValidationFrequency, validation.SampleRate, validation.MinSamplesForStatistical);
        var combined = default(AudioValidationReport);
        for (int offset = 0; offset < samples.Length; offset += ValidationBlockSamples)
        {
            var report = blocks.Validate(samples.Slice(offset, Math.Min(ValidationBlockSamples, samples.Length - offset)));
            combined = offset == 0 ? report : JobTranscript.Combine(combined, report);
        }

        return combined;
    }

    /// <summary>
    /// The clean-up pipeline for a job's options. Callers almost always pass the same options object, so the last
    /// pipeline built (its regular expressions compiled once) is kept rather than rebuilt per job.
    /// </summary>
    private TextPipeline PipelineFor(PostProcessingOptions options)
    {
        if (Volatile.Read(ref _lastPipeline) is { } last && ReferenceEquals(last.Options, options))
        {
            return last.Pipeline;
        }

        if (Volatile.Read(ref _continuationPipeline) is { } continuation && continuation.Options == options)
        {
            return continuation.Pipeline;
        }

        var pipeline = TextPipeline.From(options);
        if (options.CapitalizeSentences)
        {
            Volatile.Write(ref _lastPipeline, new CachedPipeline(options, pipeline));
        }
        else
        {
            Volatile.Write(ref _continuationPipeline, new CachedPipeline(options, pipeline));
        }

        return pipeline;
    }

    /// <summary>The window's segments (times relative to the window); <see cref="TranscriptionJobOptions.SegmentDecoded"/> sees them with times in the whole input.</summary>
    private static async Task<IReadOnlyList<Segment>> RecogniseAsync(
        ISpeechProcessor processor, ReadOnlyMemory<float> samples, IReadOnlyList<SampleRange> chunks, TranscriptionJobOptions job, IProgress<double>? progress,
        TimeSpan windowStart, CancellationToken cancellationToken)
    {
        var segments = new List<Segment>();
        long total = chunks.Sum(c => c.Length);
        long done = 0;
        foreach (var chunk in chunks)
        {
            var offset = AudioFormat.DurationOf((int)chunk.Start);
            var slice = samples.Slice((int)chunk.Start, (int)chunk.Length);
            await foreach (var segment in processor.ProcessAsync(slice, cancellationToken).ConfigureAwait(false))
            {
                var shifted = segment.Shift(offset);
                segments.Add(shifted);
                job.SegmentDecoded?.Invoke(shifted.Shift(windowStart));
            }

            done += chunk.Length;
            progress?.Report(total == 0 ? 1 : done / (double)total);
        }

        return segments;
    }

    private static string JoinText(IReadOnlyList<Segment> segments)
    {
        var text = new StringBuilder();
        foreach (var segment in segments)
        {
            string part = segment.Text.Trim();
            if (part.Length == 0)
            {
                continue;
            }

            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(part);
        }

        return text.ToString();
    }

    private sealed record CachedPipeline(PostProcessingOptions Options, TextPipeline Pipeline);

    /// <summary>Waits for running jobs, then releases the processors (the factory stays with its owner).</summary>
    public ValueTask DisposeAsync() => Access.DisposeAsync();
}
