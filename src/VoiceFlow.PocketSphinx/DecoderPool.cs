using System.Collections.Concurrent;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.PocketSphinx;

/// <summary>
/// The decoders of one factory. In this library version every <c>ps_decoder_t</c> loads its own copy of
/// the model, so decoders are the unit of concurrency: one is loaded eagerly, more are loaded only when
/// jobs overlap, and all are reused across jobs and processors. At most <c>maxDecoders</c> exist; extra
/// jobs wait for one to be returned.
/// </summary>
internal sealed class DecoderPool : IDisposable
{
    private readonly Func<NativeDecoder> _load;
    private readonly ConcurrentBag<NativeDecoder> _idle = [];
    private readonly SemaphoreSlim _slots;
    private readonly Lock _lock = new();
    private int _leased;
    private int _created;
    private bool _disposed;
    private TaskCompletionSource? _drained;

    public DecoderPool(Func<NativeDecoder> load, int maxDecoders)
    {
        _load = load;
        MaxDecoders = maxDecoders;
        _slots = new SemaphoreSlim(maxDecoders, maxDecoders);
        _idle.Add(load());
        _created = 1;
    }

    public int MaxDecoders { get; }

    /// <summary>Decoders loaded so far.</summary>
    public int Created => Volatile.Read(ref _created);

    /// <summary>Takes an idle decoder, loading a new one if none is idle and the bound allows.</summary>
    public async ValueTask<NativeDecoder> RentAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        return TakeWithSlot();
    }

    /// <summary>A decoder now if one is idle or may still be loaded; null when all are rented (the caller does without).</summary>
    public NativeDecoder? TryRent() => _slots.Wait(0) ? TakeWithSlot() : null;

    /// <summary>Takes an idle decoder or loads one; the caller holds a slot, which a failure gives back.</summary>
    private NativeDecoder TakeWithSlot()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                _slots.Release();
                throw new ObjectDisposedException(nameof(PocketSphinxEngineFactory));
            }

            _leased++;
        }

        if (_idle.TryTake(out var decoder))
        {
            return decoder;
        }

        try
        {
            decoder = _load();
            Interlocked.Increment(ref _created);
            return decoder;
        }
        catch (EngineException)
        {
            Return(null);
            throw;
        }
    }

    /// <summary>Gives a decoder back (null when loading it failed).</summary>
    public void Return(NativeDecoder? decoder)
    {
        bool disposeIt;
        lock (_lock)
        {
            _leased--;
            disposeIt = _disposed;
            if (_leased == 0)
            {
                _drained?.TrySetResult();
            }
        }

        if (decoder is not null)
        {
            if (disposeIt)
            {
                decoder.Dispose();
            }
            else
            {
                _idle.Add(decoder);
            }
        }

        _slots.Release();
    }

    /// <summary>Completes when no decoder is rented (after <see cref="Dispose"/> stops new rentals).</summary>
    public Task WhenDrainedAsync()
    {
        lock (_lock)
        {
            if (_leased == 0)
            {
                return Task.CompletedTask;
            }

            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task;
        }
    }

    /// <summary>Stops rentals and frees idle decoders; rented ones are freed when returned.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }

        while (_idle.TryTake(out var decoder))
        {
            decoder.Dispose();
        }
    }
}
