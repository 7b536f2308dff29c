namespace VoiceFlow.Core.PostProcessing;

/// <summary>Which clean-up steps run on a transcript, in pipeline order.</summary>
public sealed record PostProcessingOptions
{
    /// <summary>Spoken symbols become code ("open paren" → "(", "new line" → line break).</summary>
    public bool CodeMode { get; init; }

    /// <summary>Drop hesitations ("um", "uh", "erm").</summary>
    public bool RemoveFillers { get; init; } = true;

    /// <summary>User replacements, applied to whole words/phrases, case-insensitive.</summary>
    public IReadOnlyDictionary<string, string> Replacements { get; init; } = new Dictionary<string, string>();

    /// <summary>"i" → "I", "dont" → "don't" and similar.</summary>
    public bool FixContractions { get; init; } = true;

    /// <summary>Capitalise the first letter of each sentence (off in code mode).</summary>
    public bool CapitalizeSentences { get; init; } = true;

    /// <summary>Collapse spaces, remove spaces before punctuation, add one after it.</summary>
    public bool TidyWhitespace { get; init; } = true;

    /// <summary>The clean-up steps the configuration turns on.</summary>
    public static PostProcessingOptions From(Configuration.VoiceFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new PostProcessingOptions
        {
            CodeMode = options.CodeMode,
            RemoveFillers = options.RemoveFillerWords,
            FixContractions = options.FixContractions,
            CapitalizeSentences = options.CapitalizeSentences,
            TidyWhitespace = options.TidyWhitespace,
        };
    }

    /// <summary>Everything off: the engine's raw text.</summary>
    public static PostProcessingOptions None { get; } = new()
    {
        RemoveFillers = false,
        FixContractions = false,
        CapitalizeSentences = false,
        TidyWhitespace = false,
    };
}
