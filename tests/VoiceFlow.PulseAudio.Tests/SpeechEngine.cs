using VoiceFlow.Evaluation.Text;
using VoiceFlow.PocketSphinx;

namespace VoiceFlow.PulseAudio.Tests;

/// <summary>The default PocketSphinx model, loaded once per test class, to check what was captured.</summary>
public sealed class SpeechEngine : IAsyncLifetime
{
    private readonly Lazy<PocketSphinxEngineFactory> _factory = new(() => PocketSphinxEngineFactory.Load());

    public async Task<string> TranscribeAsync(float[] samples, CancellationToken cancellationToken)
    {
        if (!new PocketSphinxEngineProvider().IsAvailable(null, out var reason))
        {
            Assert.Skip($"PocketSphinx unavailable: {reason}");
        }

        await using var processor = _factory.Value.CreateBuilder().Build();
        var words = new List<string>();
        await foreach (var segment in processor.ProcessAsync(samples, cancellationToken))
        {
            words.Add(segment.Text);
        }

        return string.Join(' ', words);
    }

    /// <summary>Asserts the transcript is within <paramref name="maxWer"/> of the reference and keeps its first and last words.</summary>
    public static void AssertHeard(string reference, string hypothesis, double maxWer = 0.5)
    {
        var wer = WordErrorRate.Compute(reference, hypothesis);
        Assert.True(wer.Rate <= maxWer, $"'{hypothesis}' vs '{reference}': WER {wer.Rate:P0}");
        var expected = TranscriptNormalizer.Words(reference);
        var heard = TranscriptNormalizer.Words(hypothesis);
        Assert.True(heard.Count > 0 && heard[0] == expected[0], $"first word '{expected[0]}' missing from '{hypothesis}'");
        Assert.True(heard[^1] == expected[^1], $"last word '{expected[^1]}' missing from '{hypothesis}'");
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_factory.IsValueCreated)
        {
            await _factory.Value.DisposeAsync();
        }
    }
}
