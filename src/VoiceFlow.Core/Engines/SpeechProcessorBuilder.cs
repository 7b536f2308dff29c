namespace VoiceFlow.Core.Engines;

/// <summary>Fluent description of a processor's per-job options.</summary>
public sealed class SpeechProcessorBuilder
{
    private readonly ISpeechEngineFactory _factory;

    public SpeechProcessorBuilder(ISpeechEngineFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
    }

    /// <summary>The options collected so far.</summary>
    public TranscriptionOptions Options { get; private set; } = new();

    public SpeechProcessorBuilder WithOptions(TranscriptionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        return this;
    }

    public SpeechProcessorBuilder WithLanguage(string language) => Set(Options with { Language = language });

    public SpeechProcessorBuilder WithPrompt(string? prompt) => Set(Options with { Prompt = prompt });

    public SpeechProcessorBuilder WithThreads(int threads) => Set(Options with { Threads = threads });

    public SpeechProcessorBuilder WithBeamSearch(int beamSize) => Set(Options with { BeamSize = beamSize });

    public SpeechProcessorBuilder WithGreedy(int bestOf = 1) => Set(Options with { BeamSize = 1, BestOf = bestOf });

    public SpeechProcessorBuilder WithTemperature(float temperature, bool fallback = true) =>
        Set(Options with { Temperature = temperature, TemperatureFallback = fallback });

    public SpeechProcessorBuilder WithTimestamps(bool segments = true, bool tokens = false) =>
        Set(Options with { Timestamps = segments, TokenTimestamps = tokens });

    /// <summary>Creates the processor.</summary>
    public ISpeechProcessor Build() => _factory.CreateProcessor(Options);

    private SpeechProcessorBuilder Set(TranscriptionOptions options)
    {
        Options = options;
        return this;
    }
}
