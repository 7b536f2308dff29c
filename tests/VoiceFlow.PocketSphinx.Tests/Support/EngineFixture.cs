using VoiceFlow.Core.Engines;

namespace VoiceFlow.PocketSphinx.Tests.Support;

/// <summary>One default-model factory for the whole test assembly (the model load is paid once); at most two decoders, so a third concurrent job waits.</summary>
public sealed class EngineFixture : IAsyncLifetime
{
    private readonly Lazy<PocketSphinxEngineFactory> _factory = new(() => PocketSphinxEngineFactory.Load(new PocketSphinxOptions { MaxDecoders = 2 }));

    internal PocketSphinxEngineFactory Factory => _factory.Value;

    internal async Task<string> TranscribeAsync(float[] samples, CancellationToken cancellationToken = default)
    {
        await using var processor = Factory.CreateBuilder().Build();
        return await TranscribeAsync(processor, samples, cancellationToken);
    }

    internal static async Task<string> TranscribeAsync(ISpeechProcessor processor, float[] samples, CancellationToken cancellationToken = default)
    {
        var texts = new List<string>();
        await foreach (var segment in processor.ProcessAsync(samples, cancellationToken))
        {
            texts.Add(segment.Text);
        }

        return string.Join(' ', texts);
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
