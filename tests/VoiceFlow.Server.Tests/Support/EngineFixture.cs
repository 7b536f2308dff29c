using VoiceFlow.PocketSphinx;

namespace VoiceFlow.Server.Tests.Support;

/// <summary>One PocketSphinx model for the whole test assembly (loaded once); each test starts its own server over it.</summary>
public sealed class EngineFixture : IAsyncLifetime
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
