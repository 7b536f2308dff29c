namespace VoiceFlow.PocketSphinx.Tests.Support;

/// <summary>A factory in live-CMN mode with a single decoder, so every job in a test class reuses the same native state.</summary>
public sealed class LiveEngineFixture : IAsyncLifetime
{
    private readonly Lazy<PocketSphinxEngineFactory> _factory = new(() =>
        PocketSphinxEngineFactory.Load(new PocketSphinxOptions { CepstralMean = CepstralMeanMode.Live, MaxDecoders = 1 }));

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
