namespace VoiceFlow.Core.PostProcessing;

/// <summary>Runs the enabled clean-up steps in a fixed, sensible order.</summary>
public sealed class TextPipeline
{
    private readonly ITextProcessor[] _steps;

    public TextPipeline(IEnumerable<ITextProcessor> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        _steps = [.. steps];
    }

    /// <summary>The steps that run, in order.</summary>
    public IReadOnlyList<ITextProcessor> Steps => _steps;

    /// <summary>
    /// Builds the pipeline for <paramref name="options"/>. Order matters: replacements and code mode see the
    /// words as spoken; contractions and capitalisation see the replaced words; tidying goes last.
    /// </summary>
    public static TextPipeline From(PostProcessingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var steps = new List<ITextProcessor>();
        if (options.RemoveFillers)
        {
            steps.Add(new FillerWordRemover());
        }

        if (options.Replacements.Count > 0)
        {
            steps.Add(new PhraseReplacer(options.Replacements));
        }

        if (options.CodeMode)
        {
            steps.Add(new CodeModeConverter());
        }

        if (options.FixContractions)
        {
            steps.Add(new ContractionFixer());
        }

        if (options.CapitalizeSentences && !options.CodeMode)
        {
            steps.Add(new SentenceCapitalizer());
        }

        if (options.TidyWhitespace)
        {
            steps.Add(options.CodeMode ? new WhitespaceTidier(codeAware: true) : new WhitespaceTidier());
        }

        return new TextPipeline(steps);
    }

    public string Process(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var step in _steps)
        {
            text = step.Process(text);
        }

        return text;
    }
}
