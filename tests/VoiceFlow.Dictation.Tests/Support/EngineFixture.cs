using VoiceFlow.PocketSphinx;

namespace VoiceFlow.Dictation.Tests.Support;

/// <summary>One PocketSphinx model for the whole assembly (its load is paid once); each daemon gets its own service over it.</summary>
public class EngineFixture : IAsyncLifetime
{
    private readonly Lazy<PocketSphinxEngineFactory> _factory = new(() => PocketSphinxEngineFactory.Load(new PocketSphinxOptions { MaxDecoders = 2 }));

    /// <summary>The factory; skips the test when PocketSphinx is not installed.</summary>
    internal PocketSphinxEngineFactory Factory
    {
        get
        {
            if (!new PocketSphinxEngineProvider().IsAvailable(null, out var reason))
            {
                Assert.Skip($"PocketSphinx unavailable: {reason}");
            }

            return _factory.Value;
        }
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

/// <summary>
/// A model of the test class's own: whether a dictation finds a decoder free to decode while recording must not depend
/// on what the other test classes, running in parallel, do with the shared one.
/// </summary>
public sealed class PrivateEngineFixture : EngineFixture;
