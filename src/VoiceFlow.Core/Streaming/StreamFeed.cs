using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Streaming;

/// <summary>
/// Feeds an engine's stream (<see cref="ISpeechStream"/>) on a thread of its own, never the producer's: the producer
/// hands every block to <see cref="Write"/> (a copy into a pooled array, nothing more), a feeder on the thread pool
/// feeds the stream at its own pace, and <see cref="FinishAsync"/> feeds what is still queued and ends the search.
/// Whatever goes wrong (no stream, an engine error), <see cref="FinishAsync"/> returns null and the caller decodes the
/// audio as a whole instead. One producer.
/// </summary>
public sealed class StreamFeed : IDisposable
{
    private readonly Channel<Block> _blocks = Channel.CreateUnbounded<Block>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly ILogger? _logger;
    private readonly Task<ISpeechStream?> _feeding;
    private readonly Lock _partialGate = new();
    private TaskCompletionSource<string?>? _partialRequest;
    private bool _feedEnded;
    private volatile bool _off;
    private long _written;
    private long _consumed;
    private int _finished;

    /// <summary>Starts feeding a stream <paramref name="host"/> opens and hands to the feed it is given.</summary>
    /// <param name="host">
    /// Opens the stream (null when the engine cannot now) and awaits the feed with it, e.g. inside one use of a model
    /// that must not be released meanwhile: <c>feed => feed(service.TryOpenStream(engine))</c>. Its errors count as a
    /// failed stream.
    /// </param>
    /// <param name="logger">Says why the audio is decoded whole after all; null for none.</param>
    public StreamFeed(Func<Func<ISpeechStream?, Task<ISpeechStream?>>, Task<ISpeechStream?>> host, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(host);
        _logger = logger;
        _feeding = Task.Run(() => HostAsync(host));
    }

    /// <summary>The next samples (called on the producer's thread, perhaps under its lock: copies only).</summary>
    public void Write(ReadOnlySpan<float> samples)
    {
        if (_off || samples.IsEmpty)
        {
            return;
        }

        var block = ArrayPool<float>.Shared.Rent(samples.Length);
        samples.CopyTo(block);
        if (_blocks.Writer.TryWrite(new Block(block, samples.Length)))
        {
            Interlocked.Add(ref _written, samples.Length);
        }
        else
        {
            ArrayPool<float>.Shared.Return(block);
        }
    }

    /// <summary>
    /// The input is about to end (a dictation's key released; its tail is still to be written): the stream hears it in
    /// order with the samples, between the last one written before and the first after, and may start decoding what it
    /// has (<see cref="ISpeculativeEnd"/>). Called by the producer, like <see cref="Write"/>; no effect on other streams.
    /// </summary>
    public void MarkEnd()
    {
        if (!_off)
        {
            _blocks.Writer.TryWrite(default);
        }
    }

    /// <summary>Whether the stream's last phrase came from the decode started at <see cref="MarkEnd"/> (known once <see cref="FinishAsync"/> returned segments).</summary>
    public bool EndSpeculationUsed { get; private set; }

    /// <summary>
    /// Samples written but not yet taken in by the stream: how far it is behind the producer. A stream fed faster than it
    /// decodes (a client sending a recording faster than real time) has most of its audio still to do at the end, and
    /// finishing it then costs more than a whole decode.
    /// </summary>
    public long Backlog => Interlocked.Read(ref _written) - Interlocked.Read(ref _consumed);

    /// <summary>
    /// The stream's preview of what it was fed (<see cref="ISpeechStream.PartialText"/>), read on the feeder's thread
    /// after the next block; null when the stream cannot say or no longer runs.
    /// </summary>
    public Task<string?> PartialTextAsync()
    {
        lock (_partialGate)
        {
            if (_feedEnded || _off)
            {
                return Task.FromResult<string?>(null);
            }

            _partialRequest ??= new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
            return _partialRequest.Task;
        }
    }

    /// <summary>
    /// After the last sample was written: feeds what is still queued, ends the search and returns the segments (times
    /// from the first sample written); null when the audio must be decoded as a whole instead.
    /// </summary>
    public async Task<IReadOnlyList<Segment>?> FinishAsync()
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0)
        {
            return null;
        }

        _blocks.Writer.TryComplete();
        long backlog = Backlog;
        long started = Stopwatch.GetTimestamp();
        using var stream = await _feeding.ConfigureAwait(false);
        if (stream is null)
        {
            return null;
        }

        try
        {
            long fed = Stopwatch.GetTimestamp();
            var segments = stream.Finish();
            EndSpeculationUsed = stream is ISpeculativeEnd { EndSpeculationUsed: true };
            _logger?.LogDebug(
                "stream finished: {Backlog} samples were still to feed at the end ({Drain:0} ms), then the end of the search took {End:0} ms",
                backlog, Stopwatch.GetElapsedTime(started, fed).TotalMilliseconds, Stopwatch.GetElapsedTime(fed).TotalMilliseconds);
            return segments;
        }
        catch (EngineException ex)
        {
            _logger?.LogWarning("decoding while the audio arrived failed at the end ({Error}); decoding it whole", ex.Message);
            return null;
        }
    }

    /// <summary>Abandons the decode; the stream's decoder goes back to the engine.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0)
        {
            return;
        }

        _off = true;
        _blocks.Writer.TryComplete();
        _ = _feeding.ContinueWith(static feeding => feeding.Result?.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    private async Task<ISpeechStream?> HostAsync(Func<Func<ISpeechStream?, Task<ISpeechStream?>>, Task<ISpeechStream?>> host)
    {
        try
        {
            return await host(FeedAsync).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is VoiceFlowException or IOException or InvalidOperationException)
        {
            // No stream (a model that did not load, an option the stream refuses): the caller decodes whole and reports it there.
            _off = true;
            _logger?.LogWarning("decoding while the audio arrives could not start ({Error}); it is decoded whole at the end", ex.Message);
            DrainQueued();
            return null;
        }
        finally
        {
            AnswerPartial(null, ended: true);
        }
    }

    /// <summary>Answers a waiting preview request with <paramref name="stream"/>'s text (null: none); after the feed's end, every later request gets null.</summary>
    private void AnswerPartial(ISpeechStream? stream, bool ended)
    {
        TaskCompletionSource<string?>? request;
        lock (_partialGate)
        {
            _feedEnded |= ended;
            request = _partialRequest;
            _partialRequest = null;
        }

        if (request is null)
        {
            return;
        }

        try
        {
            request.TrySetResult(ended ? null : stream?.PartialText);
        }
        catch (Exception ex) when (ex is VoiceFlowException or InvalidOperationException)
        {
            // A preview is optional: the final reports a real failure.
            request.TrySetResult(null);
        }
    }

    private async Task<ISpeechStream?> FeedAsync(ISpeechStream? stream)
    {
        if (stream is null)
        {
            _off = true;
            _logger?.LogDebug("the engine cannot decode while the audio arrives now; it is decoded whole at the end");
        }

        try
        {
            await foreach (var block in _blocks.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                try
                {
                    // Abandoned (disposed): what is still queued is dropped, not decoded for nothing.
                    if (!_off && block.IsEndMark)
                    {
                        (stream as ISpeculativeEnd)?.SpeculateToEnd();
                    }
                    else if (!_off)
                    {
                        stream?.Feed(block.Samples);
                    }
                }
                finally
                {
                    block.Return();
                    Interlocked.Add(ref _consumed, block.Length);
                }

                AnswerPartial(stream, ended: false);
            }

            return stream;
        }
        catch (Exception ex) when (ex is VoiceFlowException or IOException or InvalidOperationException)
        {
            _off = true;
            _logger?.LogWarning("decoding while the audio arrived failed ({Error}); it is decoded whole at the end", ex.Message);
            stream?.Dispose();
            DrainQueued();
            return null;
        }
    }

    private void DrainQueued()
    {
        while (_blocks.Reader.TryRead(out var block))
        {
            block.Return();
        }
    }

    /// <summary>Samples from the pool, or (no array) the mark of <see cref="MarkEnd"/>.</summary>
    private readonly record struct Block(float[]? Array, int Length)
    {
        public bool IsEndMark => Array is null;

        public ReadOnlySpan<float> Samples => Array.AsSpan(0, Length);

        public void Return()
        {
            if (Array is not null)
            {
                ArrayPool<float>.Shared.Return(Array);
            }
        }
    }
}
