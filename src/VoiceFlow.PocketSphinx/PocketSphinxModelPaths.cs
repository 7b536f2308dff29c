using VoiceFlow.Core.Errors;

namespace VoiceFlow.PocketSphinx;

/// <summary>The files one decoder is built from, all checked to exist.</summary>
/// <param name="AcousticModel">Acoustic model folder (holds <c>mdef</c>).</param>
/// <param name="Dictionary">Pronunciation dictionary.</param>
/// <param name="LanguageModel">N-gram model, or null when a grammar or keywords drive the search.</param>
/// <param name="Grammar">JSGF grammar, or null.</param>
/// <param name="KeywordList">Keyword list, or null.</param>
public sealed record PocketSphinxModelPaths(
    string AcousticModel,
    string Dictionary,
    string? LanguageModel,
    string? Grammar,
    string? KeywordList)
{
    // Files every continuous or semi-continuous Sphinx acoustic model has; mixture weights come either
    // as mixture_weights or as the compressed sendump.
    private static readonly string[] RequiredAcousticFiles = ["mdef", "means", "variances", "transition_matrices"];

    /// <summary>
    /// Finds the files for <paramref name="options"/>. <paramref name="modelPath"/> (from the command line)
    /// overrides <see cref="PocketSphinxOptions.ModelDirectory"/>; explicit file options override what is found.
    /// </summary>
    public static PocketSphinxModelPaths Resolve(PocketSphinxOptions options, string? modelPath = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = Path.GetFullPath(modelPath ?? options.ModelDirectory ?? PocketSphinxOptions.DefaultModelDirectory);
        var usesDefaultModel = modelPath is null && options.ModelDirectory is null;
        if (!Directory.Exists(root) && options.AcousticModelPath is null)
        {
            throw new EngineException(usesDefaultModel
                ? $"PocketSphinx model directory '{root}' does not exist: install the Debian package pocketsphinx-en-us"
                : $"PocketSphinx model directory '{root}' does not exist");
        }

        var acoustic = options.AcousticModelPath is { } explicitAcoustic ? Path.GetFullPath(explicitAcoustic) : FindAcousticModel(root);
        CheckAcousticModel(acoustic);

        // Dictionary and LM sit beside the acoustic folder in Debian's layout, or inside the given folder.
        var searchRoot = Directory.Exists(root) ? root : Path.GetDirectoryName(acoustic)!;
        var dictionary = options.DictionaryPath is { } d
            ? CheckFile(d, "dictionary")
            : FindFile(searchRoot, acoustic, "*.dict", "dictionary (*.dict)", exclude: null);

        var grammar = options.GrammarPath is { } g ? CheckFile(g, "grammar") : null;
        var keywords = options.KeywordListPath is { } k ? CheckFile(k, "keyword list") : null;
        string? languageModel = null;
        if (options.LanguageModelPath is { } lm)
        {
            languageModel = CheckFile(lm, "language model");
        }
        else if (grammar is null && keywords is null && options.Keyphrase is null)
        {
            languageModel = FindFile(searchRoot, acoustic, "*.lm.bin", "language model (*.lm.bin)", exclude: "-phone")
                ?? FindFile(searchRoot, acoustic, "*.lm", "language model (*.lm)", exclude: "-phone");
        }

        return new PocketSphinxModelPaths(acoustic, dictionary!, languageModel, grammar, keywords);
    }

    private static string FindAcousticModel(string root)
    {
        if (File.Exists(Path.Combine(root, "mdef")))
        {
            return root;
        }

        var candidate = Directory.EnumerateDirectories(root)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "mdef")));
        return candidate ?? throw new EngineException(
            $"PocketSphinx model directory '{root}' holds no acoustic model (a folder with an 'mdef' file)");
    }

    private static void CheckAcousticModel(string acoustic)
    {
        if (!Directory.Exists(acoustic))
        {
            throw new EngineException($"PocketSphinx acoustic model folder '{acoustic}' does not exist");
        }

        foreach (var name in RequiredAcousticFiles)
        {
            if (!File.Exists(Path.Combine(acoustic, name)))
            {
                throw new EngineException($"PocketSphinx acoustic model '{acoustic}' is incomplete: file '{name}' is missing");
            }
        }

        if (!File.Exists(Path.Combine(acoustic, "mixture_weights")) && !File.Exists(Path.Combine(acoustic, "sendump")))
        {
            throw new EngineException($"PocketSphinx acoustic model '{acoustic}' is incomplete: neither 'mixture_weights' nor 'sendump' exists");
        }

        AcousticModelFiles.Check(acoustic);
    }

    private static string CheckFile(string path, string what)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new EngineException($"PocketSphinx {what} file '{full}' does not exist");
        }

        return full;
    }

    private static string? FindFile(string root, string acoustic, string pattern, string what, string? exclude)
    {
        foreach (var dir in new[] { root, acoustic, Path.GetDirectoryName(acoustic)! }.Distinct(StringComparer.Ordinal))
        {
            var match = Directory.EnumerateFiles(dir, pattern)
                .Where(f => exclude is null || !Path.GetFileName(f).Contains(exclude, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .FirstOrDefault();
            if (match is not null)
            {
                return match;
            }
        }

        if (pattern == "*.lm.bin")
        {
            return null; // the caller tries the ARPA form next
        }

        throw new EngineException($"PocketSphinx model directory '{root}' holds no {what}: give its path explicitly");
    }
}
