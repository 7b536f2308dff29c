namespace VoiceFlow.PocketSphinx.Tests.Streaming;

/// <summary>
/// A default-model factory of the live transcription tests' own: partials are skipped while the engine is busy, so
/// these tests must not wait for decoders that other test classes hold.
/// </summary>
public sealed class StreamingEngineFixture : IAsyncLifetime
{
    private readonly Lazy<PocketSphinxEngineFactory> _factory = new(() => PocketSphinxEngineFactory.Load(new PocketSphinxOptions { MaxDecoders = 4 }));

    internal PocketSphinxEngineFactory Factory => _factory.Value;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_factory.IsValueCreated)
        {
            await _factory.Value.DisposeAsync();
        }
    }
}
