using System.Collections.Concurrent;
using VoiceFlow.Core.Engines;

namespace VoiceFlow.Dictation.Tests.Support;

/// <summary>
/// An engine seen as one that decodes only whole inputs (as Whisper): <paramref name="inner"/>'s processors, no stream.
/// Counts the inputs it decodes and keeps the prompts they came with. PocketSphinx behind it gives real words to check
/// (it has no use for a prompt: the prompt is left out so its processors are reused); Whisper gets it
/// (<paramref name="keepPrompt"/>).
/// </summary>
internal sealed class BatchOnlyEngine(ISpeechEngineFactory inner, bool keepPrompt = false) : ISpeechEngineFactory
{
    private int _decodes;

    public ConcurrentQueue<string?> Prompts { get; } = new();

    /// <summary>Inputs decoded so far.</summary>
    public int Decodes => Volatile.Read(ref _decodes);

    public string EngineName => inner.EngineName;

    public string ModelName => inner.ModelName;

    public bool SupportsConcurrentProcessors => inner.SupportsConcurrentProcessors;

    public TimeSpan? MaxChunkDuration => inner.MaxChunkDuration;

    public ISpeechStream? TryOpenStream(TranscriptionOptions options) => null;

    public ISpeechProcessor CreateProcessor(TranscriptionOptions options) => new Counting(this, inner.CreateProcessor(keepPrompt ? options : options with { Prompt = null }), options);

    /// <summary>The inner engine is the caller's.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Counting(BatchOnlyEngine engine, ISpeechProcessor processor, TranscriptionOptions options) : ISpeechProcessor
    {
        public TranscriptionOptions Options => options;

        public IAsyncEnumerable<Segment> ProcessAsync(ReadOnlyMemory<float> samples16k, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref engine._decodes);
            engine.Prompts.Enqueue(options.Prompt);
            return processor.ProcessAsync(samples16k, cancellationToken);
        }

        public ValueTask DisposeAsync() => processor.DisposeAsync();
    }
}
