using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using VoiceFlow.Core.Engines;

namespace VoiceFlow.Core.Tests.Transcription;

/// <summary>
/// A test double (never shipped) that keeps a copy of every chunk it is given and answers with one segment
/// spanning the chunk, so tests can check what reaches an engine and how times are mapped back. With
/// <paramref name="answer"/>, it answers that text instead (what an engine that invents text on noise would say).
/// </summary>
internal sealed class CapturingEngine(TimeSpan? maxChunk, string? answer = null) : ISpeechEngineFactory
{
    public ConcurrentQueue<float[]> Chunks { get; } = new();

    public string EngineName => "capture";

    public string ModelName => "capture";

    public bool SupportsConcurrentProcessors => true;

    public TimeSpan? MaxChunkDuration => maxChunk;

    /// <summary>The options of every processor created, in order.</summary>
    public ConcurrentQueue<TranscriptionOptions> Created { get; } = new();

    public ISpeechProcessor CreateProcessor(TranscriptionOptions options)
    {
        Created.Enqueue(options);
        return new Processor(this, options, answer);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Processor(CapturingEngine engine, TranscriptionOptions options, string? answer) : ISpeechProcessor
    {
        public TranscriptionOptions Options => options;

        public async IAsyncEnumerable<Segment> ProcessAsync(ReadOnlyMemory<float> samples16k, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            engine.Chunks.Enqueue(samples16k.ToArray());
            yield return Segment.Plain(answer ?? $"chunk{engine.Chunks.Count}", TimeSpan.Zero, TimeSpan.FromSeconds(samples16k.Length / 16000.0));
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
