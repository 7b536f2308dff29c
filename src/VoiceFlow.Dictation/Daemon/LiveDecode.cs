using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.Transcription;

namespace VoiceFlow.Dictation.Daemon;

/// <summary>
/// Decodes a dictation while it is recorded, so <c>end</c> only waits for the tail and the end of the search, not for
/// a decode of everything said. With a phrase pause, the recording is cut at pauses and each phrase finished while the
/// user goes on (<see cref="TranscriptionService.TryOpenStream(TranscriptionOptions, TimeSpan)"/>): PocketSphinx ends its
/// utterance there, Whisper decodes the phrase, so <c>end</c> leaves only the last phrase. The recorder hands every sample it keeps to <see cref="Write"/> (on the capture
/// thread: a copy into a pooled block, nothing more); a feeder on the thread pool opens the engine's stream and feeds
/// it at its own pace. Whatever goes wrong (an engine without streams, no decoder free, an engine error),
/// <see cref="FinishAsync"/> returns null and the pipeline decodes the whole recording as it always did.
/// </summary>
internal sealed class LiveDecode : IDisposable
{
    private readonly Channel<Block> _blocks = Channel.CreateUnbounded<Block>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly ILogger? _logger;
    private readonly Task<ISpeechStream?> _feeding;
    private readonly TimeSpan _phrasePause;
    private volatile bool _off;
    private int _finished;

    /// <param name="model">The daemon's model (a released one is loaded first; the blocks wait meanwhile).</param>
    /// <param name="engine">The job's engine options.</param>
    /// <param name="phrasePause">The pause that ends a phrase (phrase_pause_ms), finished while the user goes on; zero for none.</param>
    /// <param name="logger">Says why a dictation was decoded after all; null for none.</param>
    public LiveDecode(DictationModel model, TranscriptionOptions engine, TimeSpan phrasePause, ILogger? logger)
    {
        _logger = logger;
        _phrasePause = phrasePause;
        _feeding = Task.Run(() => FeedAsync(model, engine));
    }

    /// <summary>The next samples of the recording (called under the recorder's lock: copies only).</summary>
    public void Write(ReadOnlySpan<float> samples)
    {
        if (_off || samples.IsEmpty)
        {
            return;
        }

        var block = ArrayPool<float>.Shared.Rent(samples.Length);
        samples.CopyTo(block);
        if (!_blocks.Writer.TryWrite(new Block(block, samples.Length)))
        {
            ArrayPool<float>.Shared.Return(block);
        }
    }

    /// <summary>
    /// After the recording's last sample was written: feeds what is still queued, ends the search and returns the
    /// segments (times from the recording's start); null when the recording must be decoded as a whole instead.
    /// </summary>
    public async Task<IReadOnlyList<Segment>?> FinishAsync()
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0)
        {
            return null;
        }

        _blocks.Writer.TryComplete();
        using var stream = await _feeding.ConfigureAwait(false);
        if (stream is null)
        {
            return null;
        }

        try
        {
            return stream.Finish();
        }
        catch (EngineException ex)
        {
            _logger?.LogWarning("decoding while recording failed at the end ({Error}); decoding the whole recording", ex.Message);
            return null;
        }
    }

    /// <summary>Abandons the decode (a cancelled or failed dictation); the stream's decoder goes back to the engine.</summary>
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

    // The whole feed is one use of the model, so an idle release never takes it from under an open stream.
    private async Task<ISpeechStream?> FeedAsync(DictationModel model, TranscriptionOptions engine)
    {
        try
        {
            return await model.UseAsync(service => FeedAsync(service, engine)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is VoiceFlowException or IOException or InvalidOperationException)
        {
            // The model did not load: the pipeline tries again after end and reports it there.
            _off = true;
            _logger?.LogWarning("decoding while recording could not start ({Error}); the recording is decoded after end", ex.Message);
            DrainQueued();
            return null;
        }
    }

    private async Task<ISpeechStream?> FeedAsync(TranscriptionService service, TranscriptionOptions engine)
    {
        ISpeechStream? stream = null;
        try
        {
            stream = service.TryOpenStream(engine, _phrasePause);
            if (stream is null)
            {
                _off = true;
                _logger?.LogDebug("the engine cannot decode while recording now; the recording is decoded after end");
            }

            await foreach (var block in _blocks.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                try
                {
                    stream?.Feed(block.Samples);
                }
                finally
                {
                    block.Return();
                }
            }

            return stream;
        }
        catch (Exception ex) when (ex is VoiceFlowException or IOException or InvalidOperationException)
        {
            _off = true;
            _logger?.LogWarning("decoding while recording failed ({Error}); the recording is decoded after end", ex.Message);
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

    private readonly record struct Block(float[] Array, int Length)
    {
        public ReadOnlySpan<float> Samples => Array.AsSpan(0, Length);

        public void Return() => ArrayPool<float>.Shared.Return(Array);
    }
}
