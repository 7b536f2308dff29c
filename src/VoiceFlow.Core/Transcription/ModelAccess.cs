using System.Collections.Concurrent;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Transcription;

/// <summary>
/// Hands out processors over one loaded model so that many jobs can share it safely.
/// <list type="bullet">
/// <item>Baseline (not adaptive): one job at a time behind one lock, as the seed's original code did.</item>
/// <item>Adaptive with auto-detection: admission is one compare-and-swap while a slot is free, so a lone
/// caller takes no lock; callers that find every slot taken wait in a bounded queue.</item>
/// <item>Adaptive without auto-detection: every job goes through a semaphore of
/// <see cref="ModelAccessOptions.MaxConcurrentJobs"/> slots.</item>
/// </list>
/// Each running job has a processor of its own (processors are reused across jobs), kept per
/// <see cref="TranscriptionOptions"/> value since an engine fixes a processor's options when it is built.
/// Past the queue bound a caller gets <see cref="EngineBusyException"/>.
/// </summary>
public sealed class ModelAccess : IAsyncDisposable
{
    private readonly ISpeechEngineFactory _factory;
    private readonly IJobGate _gate;
    private readonly ConcurrentDictionary<TranscriptionOptions, ConcurrentBag<ISpeechProcessor>> _idle = new();
    private readonly ConcurrentDictionary<ISpeechProcessor, int> _uses = new(ReferenceEqualityComparer.Instance);
    private long _reloads;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _jobs;

    /// <summary>
    /// Jobs inside <see cref="RunAsync"/> (waiting or running) plus one for the access itself until it is disposed:
    /// whoever takes it to zero completes <see cref="_drained"/>, so disposal waits without polling.
    /// </summary>
    private int _references = 1;
    private int _idleCount;
    private int _created;
    private int _disposed;

    public ModelAccess(ISpeechEngineFactory factory, ModelAccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxConcurrentJobs is < 1 or > 64)
        {
            throw new ConfigurationException($"max_concurrent_transcription_jobs must be 1 to 64, got {options.MaxConcurrentJobs}");
        }

        if (options.ReloadInterval < 0)
        {
            throw new ConfigurationException($"model_reload_interval must be 0 (never) or more, got {options.ReloadInterval}");
        }

        if (options.MaxQueuedJobs < 0)
        {
            throw new ConfigurationException($"the transcription queue length must be 0 or more, got {options.MaxQueuedJobs}");
        }

        _factory = factory;
        Options = options;
        // A model that cannot run two processors at once gets one slot whatever the setting says.
        MaxConcurrentJobs = options.Adaptive && factory.SupportsConcurrentProcessors ? options.MaxConcurrentJobs : 1;
        _gate = options.Adaptive && options.AutoDetectConcurrency
            ? new LockFreeJobGate(MaxConcurrentJobs, options.MaxQueuedJobs)
            : new SemaphoreJobGate(MaxConcurrentJobs, options.MaxQueuedJobs);
    }

    /// <summary>The access settings in force.</summary>
    public ModelAccessOptions Options { get; }

    /// <summary>The bound on jobs running at once (1 when the engine cannot run processors concurrently).</summary>
    public int MaxConcurrentJobs { get; }

    /// <summary>Jobs started so far.</summary>
    public long Jobs => Interlocked.Read(ref _jobs);

    /// <summary>Processors retired because they reached <see cref="ModelAccessOptions.ReloadInterval"/> jobs.</summary>
    public long Reloads => Interlocked.Read(ref _reloads);

    /// <summary>Jobs admitted without taking any lock.</summary>
    public long LockFreeJobs => _gate.AdmittedLockFree;

    /// <summary>Jobs running now.</summary>
    public int Running => _gate.Active;

    /// <summary>Jobs waiting for a slot now.</summary>
    public int Waiting => _gate.Waiting;

    /// <summary>Processors created so far.</summary>
    public int ProcessorCount => Volatile.Read(ref _created);

    /// <summary>Processors kept idle for reuse now.</summary>
    public int IdleProcessorCount => Volatile.Read(ref _idleCount);

    /// <summary>
    /// Runs <paramref name="job"/> with a processor built for <paramref name="options"/>; the job may use
    /// the processor only until it returns.
    /// </summary>
    public async Task<T> RunAsync<T>(TranscriptionOptions options, Func<ISpeechProcessor, CancellationToken, Task<T>> job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(job);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        Interlocked.Increment(ref _references);
        try
        {
            // Disposal may have begun between the check and the count: such a job must not start.
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _jobs);
            ISpeechProcessor? processor = null;
            try
            {
                processor = RentProcessor(options);
                return await job(processor, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (processor is not null)
                {
                    await ReturnProcessorAsync(options, processor).ConfigureAwait(false);
                }

                _gate.Exit();
            }
        }
        finally
        {
            Release();
        }
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            _drained.TrySetResult();
        }
    }

    private ISpeechProcessor RentProcessor(TranscriptionOptions options)
    {
        if (_idle.TryGetValue(options, out var bag) && bag.TryTake(out var processor))
        {
            Interlocked.Decrement(ref _idleCount);
            return processor;
        }

        Interlocked.Increment(ref _created);
        return _factory.CreateProcessor(options);
    }

    /// <summary>
    /// Keeps a processor for reuse, unless enough are idle already: jobs with ever-changing options
    /// (a different prompt per request) must not pile up processors.
    /// </summary>
    private async ValueTask ReturnProcessorAsync(TranscriptionOptions options, ISpeechProcessor processor)
    {
        if (Options.ReloadInterval > 0 && _uses.AddOrUpdate(processor, 1, static (_, n) => n + 1) >= Options.ReloadInterval)
        {
            // model_reload_interval: the next job gets a processor fresh from the factory.
            _uses.TryRemove(processor, out _);
            Interlocked.Increment(ref _reloads);
            await processor.DisposeAsync().ConfigureAwait(false);
            return;
        }

        if (Interlocked.Increment(ref _idleCount) <= MaxIdleProcessors)
        {
            _idle.GetOrAdd(options, static _ => []).Add(processor);
            return;
        }

        Interlocked.Decrement(ref _idleCount);
        _uses.TryRemove(processor, out _);
        await processor.DisposeAsync().ConfigureAwait(false);
    }

    private int MaxIdleProcessors => MaxConcurrentJobs * 2;

    /// <summary>Waits for the jobs already started (running or waiting for a slot) to finish, then disposes every processor (not the factory, which the caller owns).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Release();
        await _drained.Task.ConfigureAwait(false);

        foreach (var bag in _idle.Values)
        {
            while (bag.TryTake(out var processor))
            {
                await processor.DisposeAsync().ConfigureAwait(false);
            }
        }

        _gate.Dispose();
    }
}
