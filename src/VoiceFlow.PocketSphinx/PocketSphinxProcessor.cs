using System.Runtime.CompilerServices;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.PocketSphinx;

/// <summary>
/// Runs one job at a time on a decoder borrowed from the factory for the length of the job.
/// The job returns one segment (the whole utterance, with word times), or none for silence.
/// </summary>
internal sealed class PocketSphinxProcessor : ISpeechProcessor
{
    private readonly DecoderPool _pool;
    private readonly Lock _lock = new();
    private Task _running = Task.CompletedTask;
    private bool _busy;
    private bool _disposed;

    public PocketSphinxProcessor(TranscriptionOptions options, DecoderPool pool)
    {
        Options = options;
        _pool = pool;
    }

    public TranscriptionOptions Options { get; }

    public async IAsyncEnumerable<Segment> ProcessAsync(ReadOnlyMemory<float> samples16k, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var job = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Enter(job.Task);
        DecodeResult result;
        try
        {
            result = await DecodeAsync(samples16k, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Leave(job);
        }

        if (result.Text.Length == 0)
        {
            yield break;
        }

        yield return result.ToSegment(samples16k.Length, Options.Timestamps);
    }

    /// <summary>Waits for a running job, then refuses new ones. Decoders belong to the factory and stay loaded.</summary>
    public async ValueTask DisposeAsync()
    {
        Task running;
        lock (_lock)
        {
            _disposed = true;
            running = _running;
        }

        await running.ConfigureAwait(false);
    }

    private async Task<DecodeResult> DecodeAsync(ReadOnlyMemory<float> samples, CancellationToken cancellationToken)
    {
        var decoder = await _pool.RentAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The native decode blocks for up to a fraction of the audio's length: keep it off the caller's thread.
            return await Task.Run(() => decoder.Decode(samples.Span, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pool.Return(decoder);
        }
    }

    private void Enter(Task job)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_busy)
            {
                throw new EngineBusyException("This PocketSphinx processor is already running a job: create one processor per concurrent job");
            }

            _busy = true;
            _running = job;
        }
    }

    private void Leave(TaskCompletionSource job)
    {
        lock (_lock)
        {
            _busy = false;
        }

        job.TrySetResult();
    }
}
