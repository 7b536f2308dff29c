using System.Collections.Concurrent;
using VoiceFlow.Core.Delivery;

namespace VoiceFlow.Dictation.Tests.Support;

/// <summary>An output that keeps what it was given, so tests can see what was delivered and when.</summary>
internal sealed class RecordingOutput : ITextOutput
{
    private readonly ConcurrentQueue<string> _delivered = new();

    public string Name => "test";

    public IReadOnlyList<string> Delivered => [.. _delivered];

    /// <summary>When set, the next deliveries fail as a missing tool would.</summary>
    public bool Failing { get; set; }

    public Task DeliverAsync(string text, CancellationToken cancellationToken = default)
    {
        if (Failing)
        {
            throw new TextOutputException("test: xdotool is not installed (apt-get install xdotool)");
        }

        _delivered.Enqueue(text);
        return Task.CompletedTask;
    }
}
