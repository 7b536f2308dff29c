namespace VoiceFlow.PocketSphinx.Tests.Support;

/// <summary>
/// A temporary pronunciation dictionary holding only the given words (taken from cmudict-en-us), so
/// grammar and error tests load in a fraction of the time the 130k-word dictionary takes.
/// </summary>
internal sealed class SmallDictionary : IDisposable
{
    public SmallDictionary(IEnumerable<string> words)
    {
        var wanted = new HashSet<string>(words, StringComparer.Ordinal);
        var source = System.IO.Path.Combine(PocketSphinxOptions.DefaultModelDirectory, "cmudict-en-us.dict");
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"voiceflow-{Guid.NewGuid():N}.dict");
        File.WriteAllLines(Path, File.ReadLines(source).Where(line =>
        {
            var word = line.Split(' ', 2)[0];
            var paren = word.IndexOf('(', StringComparison.Ordinal);
            return wanted.Contains(paren > 0 ? word[..paren] : word);
        }));
    }

    public string Path { get; }

    /// <summary>Writes a unigram ARPA language model over <paramref name="words"/> (equal probabilities) to a temporary file.</summary>
    public static string WriteUnigramModel(IReadOnlyList<string> words)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"voiceflow-{Guid.NewGuid():N}.lm");
        var logProbability = (-Math.Log10(words.Count + 1)).ToString("F4", System.Globalization.CultureInfo.InvariantCulture);
        var lines = new List<string> { "\\data\\", $"ngram 1={words.Count + 2}", "", "\\1-grams:", $"{logProbability} </s>", "-99 <s> 0" };
        lines.AddRange(words.Select(w => $"{logProbability} {w} 0"));
        lines.AddRange(["", "\\end\\"]);
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>The words of a JSGF grammar's rule bodies (lower-case tokens outside &lt;rule&gt; names).</summary>
    public static IEnumerable<string> GrammarWords(string grammarPath) =>
        File.ReadLines(grammarPath)
            .Where(line => line.Contains('=', StringComparison.Ordinal))
            .SelectMany(line => System.Text.RegularExpressions.Regex.Replace(line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..], "<[^>]*>", " ")
                .Split([' ', '|', '[', ']', '(', ')', ';', '*', '+'], StringSplitOptions.RemoveEmptyEntries));

    public void Dispose() => File.Delete(Path);
}
