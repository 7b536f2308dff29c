using System.Globalization;
using System.Runtime.CompilerServices;
using VoiceFlow.Core.Engines;

namespace VoiceFlow.Core.Tests.Transcription;

/// <summary>
/// A test double for concurrency tests (never shipped): its "transcript" is the first sample's value, so
/// every result can be checked against its own input, and it records how many jobs overlapped.
/// </summary>
internal sealed class ProbeEngine(bool concurrent = true, TimeSpan? jobTime = null) : ISpeechEngineFactory
{
    private readonly TimeSpan? _jobTime = jobTime;
    private int _running;
    private int _maxRunning;
    private int _processors;

    public string EngineName => "probe";

    public string ModelName => "probe";

    public bool SupportsConcurrentProcessors => concurrent;

    public int MaxObservedConcurrency => Volatile.Read(ref _maxRunning);

    public int ProcessorsCreated => Volatile.Read(ref _processors);

    public int ProcessorsDisposed;

    public TaskCompletionSource? Gate { get; set; }

    public ISpeechProcessor CreateProcessor(TranscriptionOptions options)
    {
        Interlocked.Increment(ref _processors);
        return new Processor(this, options);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Processor(ProbeEngine engine, TranscriptionOptions options) : ISpeechProcessor
    {
        private int _busy;

        public TranscriptionOptions Options => options;

        public async IAsyncEnumerable<Segment> ProcessAsync(ReadOnlyMemory<float> samples16k, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref _busy, 1) != 0)
            {
                throw new InvalidOperationException("processor used by two jobs at once");
            }

            int running = Interlocked.Increment(ref engine._running);
            int max;
            while ((max = Volatile.Read(ref engine._maxRunning)) < running && Interlocked.CompareExchange(ref engine._maxRunning, running, max) != max)
            {
            }

            try
            {
                if (engine.Gate is { } gate)
                {
                    await gate.Task.WaitAsync(cancellationToken);
                }
                else if (engine._jobTime is { } delay)
                {
                    await Task.Delay(delay, cancellationToken);
                }
                else
                {
                    await Task.Yield();
                }

                yield return Segment.Plain(samples16k.Span[0].ToString(CultureInfo.InvariantCulture), TimeSpan.Zero, TimeSpan.FromSeconds(samples16k.Length / 16000.0));
            }
            finally
            {
                Interlocked.Decrement(ref engine._running);
                Volatile.Write(ref _busy, 0);
            }
        }

        public ValueTask DisposeAsync()
        {
            Interlocked.Increment(ref engine.ProcessorsDisposed);
            return ValueTask.CompletedTask;
        }
    }
}
