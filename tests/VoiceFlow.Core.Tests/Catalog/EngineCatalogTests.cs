using VoiceFlow.Core.Engines;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Tests.Catalog;

public class EngineCatalogTests
{
    /// <summary>A provider whose availability the test decides (it never loads anything).</summary>
    private sealed class StubProvider(string name, int priority, bool available) : ISpeechEngineProvider
    {
        public string Name => name;

        public int AutoPriority => priority;

        public bool IsAvailable(string? modelPath, out string reason)
        {
            reason = available ? "" : $"{name} model missing";
            return available;
        }

        public ValueTask<ISpeechEngineFactory> LoadAsync(string? modelPath, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }

    [Fact]
    public void Auto_picks_the_preferred_engine_that_is_available()
    {
        var catalog = new EngineCatalog([new StubProvider("pocketsphinx", 10, true), new StubProvider("whisper", 5, true)]);

        Assert.Equal("whisper", catalog.Resolve("auto", null).Name);
        Assert.Equal(["auto", "whisper", "pocketsphinx"], catalog.Names);
    }

    [Fact]
    public void Auto_falls_back_when_the_preferred_engine_has_no_model()
    {
        var catalog = new EngineCatalog([new StubProvider("pocketsphinx", 10, true), new StubProvider("whisper", 5, false)]);

        Assert.Equal("pocketsphinx", catalog.Resolve("AUTO", null).Name);
    }

    [Fact]
    public void Nothing_available_names_every_engine_and_its_reason()
    {
        var catalog = new EngineCatalog([new StubProvider("pocketsphinx", 10, false), new StubProvider("whisper", 5, false)]);

        var error = Assert.Throws<EngineException>(() => catalog.Resolve("auto", null));

        Assert.Contains("whisper: whisper model missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("pocketsphinx: pocketsphinx model missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_and_unavailable_engines_are_clear_errors()
    {
        var catalog = new EngineCatalog([new StubProvider("pocketsphinx", 10, true), new StubProvider("whisper", 5, false)]);

        Assert.Contains("unknown engine 'vosk'", Assert.Throws<EngineException>(() => catalog.Resolve("vosk", null)).Message, StringComparison.Ordinal);
        Assert.Contains("engine 'whisper' is not available: whisper model missing",
            Assert.Throws<EngineException>(() => catalog.Resolve("whisper", null)).Message, StringComparison.Ordinal);
    }
}
