using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using VoiceFlow.Core.Engines;

namespace VoiceFlow.Core.Tests.Streaming;

/// <summary>
/// A test double (never shipped): answers "voicedN" for an input of N nonzero samples and keeps the inputs it finished;
/// <see cref="Block"/> makes it wait for cancellation instead.
/// </summary>
internal sealed class LengthEngine : ISpeechEngineFactory
{
    private readonly ConcurrentQueue<float[]> _finished = new();

    public bool Block { get; init; }

    public SemaphoreSlim Started { get; } = new(0);

    public SemaphoreSlim Cancelled { get; } = new(0);

    public string EngineName => "lengths";

    public string ModelName => "lengths";

    public bool SupportsConcurrentProcessors => true;

    public TimeSpan? MaxChunkDuration => null;

    /// <summary>The inputs decoded to the end, in the order they finished.</summary>
    public List<float[]> Inputs() => [.. _finished];

    public ISpeechProcessor CreateProcessor(TranscriptionOptions options) => new Processor(this, options);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Processor(LengthEngine engine, TranscriptionOptions options) : ISpeechProcessor
    {
        public TranscriptionOptions Options => options;

        public async IAsyncEnumerable<Segment> ProcessAsync(ReadOnlyMemory<float> samples16k, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            engine.Started.Release();
            if (engine.Block)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                finally
                {
                    engine.Cancelled.Release();
                }
            }

            // Slow enough that a discarded speculation may still be running when the phrase goes on.
            await Task.Delay(20, cancellationToken);
            if (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }

            engine._finished.Enqueue(samples16k.ToArray());
            int voiced = samples16k.Length - samples16k.Span.Count(0f);
            yield return Segment.Plain($"voiced{voiced}", TimeSpan.Zero, TimeSpan.FromSeconds(samples16k.Length / (double)PhraseSignals.Rate));
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
