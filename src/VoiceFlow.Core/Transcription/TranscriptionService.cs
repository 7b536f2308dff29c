using System.Diagnostics;
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
    private readonly ISpeechDetector _detector;
    private CachedPipeline? _lastPipeline;

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
    /// <exception cref="ConfigurationException">A speech detection or model access setting is out of range.</exception>
    public TranscriptionService(ISpeechEngineFactory factory, TranscriptionServiceOptions options, PerformanceMonitor? monitor = null, IAudioBufferPool? pool = null, ILogger? logger = null, ISpeechDetector? detector = null)
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
        _detector = detector ?? new EnergySpeechDetector(options.SpeechDetection.Detector);
        Access = new ModelAccess(factory, options.ModelAccess);
    }

    /// <summary>The voice activity detector of every job (and of live transcription over this service).</summary>
    public ISpeechDetector SpeechDetector => _detector;

    /// <summary>The settings in force.</summary>
    public TranscriptionServiceOptions Options => _options;

    /// <summary>How jobs reach the model (counters for diagnostics and tests).</summary>
    public ModelAccess Access { get; }

    /// <summary>The engine's name.</summary>
    public string EngineName => _factory.EngineName;

    /// <summary>The model's name.</summary>
    public string ModelName => _factory.ModelName;

    /// <summary>Transcribes a file of any supported format.</summary>
    public async Task<TranscriptionResult> TranscribeFileAsync(string path, TranscriptionJobOptions? job = null, CancellationToken cancellationToken = default)
    {
        job ??= new TranscriptionJobOptions();
        long started = Stopwatch.GetTimestamp();
        var clock = StageStopwatch.StartNew();
        StageTimings stages = default;
        var audio = await AudioFileLoader.LoadMono16kAsync(path, _loadOptions, cancellationToken).ConfigureAwait(false);
        clock.Lap(ref stages, PipelineStage.Decode);
        try
        {
            return await RunJobAsync(audio.Samples, audio.Source, job with { SourceName = path }, stages, started, cancellationToken).ConfigureAwait(false);
        }
        catch (AudioValidationException exception)
        {
            // Decoding errors already name the file; a file that decodes but fails validation must too.
            throw new AudioValidationException($"{path}: {exception.Message}", exception);
        }
    }

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

    private async Task<TranscriptionResult> RunJobAsync(
        ReadOnlyMemory<float> input, AudioSourceInfo? source, TranscriptionJobOptions job, StageTimings stages, long started, CancellationToken cancellationToken)
    {
        long jobId = Interlocked.Increment(ref s_nextJobId);
        var clock = StageStopwatch.StartNew();

        // Validate: the job's own copy, so neither the caller's buffer nor another job's can change under it.
        _recordingValidator.CheckLength(input.Length);
        using var copy = _pool.Rent(input.Length);
        var samples = copy.Memory;
        input.CopyTo(samples);
        var validation = Validate(samples.Span);
        clock.Lap(ref stages, PipelineStage.Validate);

        // VAD: find speech, split long speech at silences.
        var chunks = job.AlreadySegmented ? AsOneSpeechRegion(samples.Span, out var speech) : FindSpeech(samples.Span, out speech);
        clock.Lap(ref stages, PipelineStage.Vad);

        // Recognise: chunks in order on one processor; the finite guard stands at the engine boundary
        // whatever validation mode ran (sampling may skip a NaN; the guard never does).
        FiniteGuard.EnsureFinite(samples.Span);
        var segments = chunks.Count == 0
            ? []
            : await Access.RunAsync(job.Engine, (processor, ct) => RecogniseAsync(processor, samples, chunks, job, ct), cancellationToken).ConfigureAwait(false);
        clock.Lap(ref stages, PipelineStage.Recognise);

        // The hallucination filter runs first, on every job: the clean-up steps must not polish an invention.
        string raw = JoinText(segments);
        if (_options.HallucinationFilter)
        {
            segments = s_hallucinationFilter.FilterSegments(segments, speech);
        }

        string text = PipelineFor(job.PostProcessing).Process(_options.HallucinationFilter ? JoinText(segments) : raw);
        clock.Lap(ref stages, PipelineStage.Postprocess);

        var duration = AudioFormat.DurationOf(input.Length);
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
            SpeechRegions = [.. chunks.Select(c => (c.Start, c.End))],
        };
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
        speech = _detector.Detect(samples, segmenter is null ? null : TimeSpan.FromSeconds(segmenter.MaxChunkSeconds - 2 * segmenter.MarginSeconds));
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
            combined = combined with
            {
                Findings = combined.Findings | report.Findings,
                Repaired = combined.Repaired | report.Repaired,
                NonFiniteReplaced = combined.NonFiniteReplaced + report.NonFiniteReplaced,
                SamplesClamped = combined.SamplesClamped + report.SamplesClamped,
                Check = offset == 0 ? report.Check : (BlockCheck)Math.Min((int)combined.Check, (int)report.Check),
            };
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

        var pipeline = TextPipeline.From(options);
        Volatile.Write(ref _lastPipeline, new CachedPipeline(options, pipeline));
        return pipeline;
    }

    private static async Task<IReadOnlyList<Segment>> RecogniseAsync(
        ISpeechProcessor processor, ReadOnlyMemory<float> samples, IReadOnlyList<SampleRange> chunks, TranscriptionJobOptions job, CancellationToken cancellationToken)
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
                job.SegmentDecoded?.Invoke(shifted);
            }

            done += chunk.Length;
            job.Progress?.Report(total == 0 ? 1 : done / (double)total);
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
