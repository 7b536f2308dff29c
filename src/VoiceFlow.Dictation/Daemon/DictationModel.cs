using Microsoft.Extensions.Logging;
using VoiceFlow.Core.Transcription;

namespace VoiceFlow.Dictation.Daemon;

/// <summary>
/// The model the daemon transcribes with. Either always loaded (a service handed in), or loaded by the daemon and
/// released after model_idle_unload_seconds without a dictation, giving its memory back; the next <c>begin</c> starts
/// loading it again in the background while the pre-roll and the recording keep running, so no word is lost and the
/// wait, if any, comes after <c>end</c> only for a model slower to load than the user is to speak.
/// </summary>
public sealed class DictationModel : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Func<CancellationToken, Task<LoadedModel>>? _load;
    private readonly TimeSpan _idleUnload;
    private readonly TimeProvider _time;
    private readonly ILogger? _logger;
    private LoadedModel? _loaded;
    private Task<LoadedModel>? _loading;
    private ITimer? _idleTimer;
    private int _users;
    private long _unloads;
    private long _loads;
    private bool _disposed;

    private DictationModel(LoadedModel loaded, Func<CancellationToken, Task<LoadedModel>>? load, TimeSpan idleUnload, TimeProvider time, ILogger? logger)
    {
        _loaded = loaded;
        _load = load;
        _idleUnload = idleUnload;
        _time = time;
        _logger = logger;
        EngineName = loaded.Service.EngineName;
        ModelName = loaded.Service.ModelName;
        SpeechDetector = loaded.Service.SpeechDetector;
    }

    /// <summary>The configured voice activity detector (the host's, kept when the model is released).</summary>
    public Core.Vad.ISpeechDetector SpeechDetector { get; }

    /// <summary>A model that stays loaded: <paramref name="service"/> is owned by the caller and never released here.</summary>
    public static DictationModel Fixed(TranscriptionService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return new DictationModel(new LoadedModel(service, null), null, TimeSpan.Zero, TimeProvider.System, null);
    }

    /// <summary>
    /// Loads the model now (a daemon is ready with its model warm) and releases it after <paramref name="idleUnload"/>
    /// without use (zero or less: never).
    /// </summary>
    /// <param name="load">Loads the engine and builds its service; called again after each release.</param>
    /// <param name="idleUnload">model_idle_unload_seconds.</param>
    /// <param name="logger">Says when the model is released and loaded again; null for none.</param>
    /// <param name="time">The clock (tests use a fake one); null for the system's.</param>
    /// <param name="cancellationToken">Cancels the first load.</param>
    public static async Task<DictationModel> LoadAsync(
        Func<CancellationToken, Task<LoadedModel>> load, TimeSpan idleUnload, ILogger? logger = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(load);
        var first = await load(cancellationToken).ConfigureAwait(false);
        var model = new DictationModel(first, load, idleUnload, time ?? TimeProvider.System, logger);
        model._loads = 1;
        model.ArmIdleTimer();
        return model;
    }

    /// <summary>The engine's name.</summary>
    public string EngineName { get; private set; }

    /// <summary>The model's name.</summary>
    public string ModelName { get; private set; }

    /// <summary>Whether the model is in memory now.</summary>
    public bool IsLoaded
    {
        get
        {
            lock (_gate)
            {
                return _loaded is not null;
            }
        }
    }

    /// <summary>
    /// Says whether a dictation is under way (recording, or its tail): the model is not released then, even when no
    /// transcription has used it for longer than the idle time. Set by the daemon.
    /// </summary>
    public Func<bool>? IsInUse { get; set; }

    /// <summary>How many times the model was released for being idle.</summary>
    public long Unloads => Interlocked.Read(ref _unloads);

    /// <summary>How many times the model was loaded (the first load included).</summary>
    public long Loads => Interlocked.Read(ref _loads);

    /// <summary>A dictation begins: when the model was released, start loading it now, beside the recording.</summary>
    public void Prepare()
    {
        lock (_gate)
        {
            DisarmIdleTimer();
            if (_loaded is null && _loading is null && _load is not null && !_disposed)
            {
                _loading = LoadAgainAsync();
            }
        }
    }

    /// <summary>Runs <paramref name="job"/> with the loaded model (loading it first if it was released).</summary>
    public async Task<T> UseAsync<T>(Func<TranscriptionService, Task<T>> job)
    {
        ArgumentNullException.ThrowIfNull(job);
        Task<LoadedModel> model;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _users++;
            DisarmIdleTimer();
            model = _loaded is { } loaded ? Task.FromResult(loaded) : _loading ??= LoadAgainAsync();
        }

        try
        {
            return await job((await model.ConfigureAwait(false)).Service).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _users--;
                ArmIdleTimer();
            }
        }
    }

    private async Task<LoadedModel> LoadAgainAsync()
    {
        await Task.Yield();
        try
        {
            var started = _time.GetTimestamp();
            var loaded = await _load!(CancellationToken.None).ConfigureAwait(false);
            Interlocked.Increment(ref _loads);
            _logger?.LogInformation("model loaded again in {Milliseconds:0} ms", _time.GetElapsedTime(started).TotalMilliseconds);
            lock (_gate)
            {
                _loaded = loaded;
                _loading = null;
                EngineName = loaded.Service.EngineName;
                ModelName = loaded.Service.ModelName;
                ArmIdleTimer();
            }

            return loaded;
        }
        catch
        {
            lock (_gate)
            {
                // The next dictation tries again; this one reports the load's error.
                _loading = null;
            }

            throw;
        }
    }

    /// <summary>With no job running and a model loaded, (re)starts the idle countdown. Call under the gate.</summary>
    private void ArmIdleTimer()
    {
        DisarmIdleTimer();
        if (_load is null || _idleUnload <= TimeSpan.Zero || _users > 0 || _loaded is null || _disposed)
        {
            return;
        }

        _idleTimer = _time.CreateTimer(static state => ((DictationModel)state!).OnIdle(), this, _idleUnload, Timeout.InfiniteTimeSpan);
    }

    private void DisarmIdleTimer()
    {
        _idleTimer?.Dispose();
        _idleTimer = null;
    }

    private void OnIdle()
    {
        LoadedModel? released;
        lock (_gate)
        {
            if (_users > 0 || _loading is not null || _loaded is null || _disposed)
            {
                return;
            }

            if (IsInUse?.Invoke() == true)
            {
                // Someone is speaking: count the idle time again from now.
                ArmIdleTimer();
                return;
            }

            released = _loaded;
            _loaded = null;
            _idleTimer?.Dispose();
            _idleTimer = null;
        }

        _ = ReleaseAsync(released);
    }

    private async Task ReleaseAsync(LoadedModel model)
    {
        await model.DisposeAsync().ConfigureAwait(false);
        Interlocked.Increment(ref _unloads);
        // The model's arrays are garbage now: collect and compact them away so the memory really goes back to the
        // system, instead of waiting for a collection a quiet daemon would not trigger for hours.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        TrimNativeHeap();
        _logger?.LogInformation("model released after {Seconds:0} s without a dictation; the next begin loads it again", _idleUnload.TotalSeconds);
    }

    /// <summary>Gives a native engine's freed model back to the system (glibc keeps freed blocks otherwise).</summary>
    private void TrimNativeHeap()
    {
        try
        {
            Interop.LibC.MallocTrim(0);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl has no malloc_trim): the memory is reused by the next load instead.
            _logger?.LogDebug("malloc_trim is not available: {Message}", ex.Message);
        }
    }

    /// <summary>Releases the model if this instance loaded it.</summary>
    public async ValueTask DisposeAsync()
    {
        LoadedModel? owned;
        Task<LoadedModel>? loading;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            DisarmIdleTimer();
            owned = _load is not null ? _loaded : null;
            loading = _loading;
            _loaded = null;
        }

        if (loading is not null)
        {
            try
            {
                owned = await loading.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is Core.Errors.VoiceFlowException or IOException)
            {
                // A failed load left nothing to release.
            }
        }

        if (owned is not null)
        {
            await owned.DisposeAsync().ConfigureAwait(false);
        }
    }
}
