using VoiceFlow.Evaluation.Corpus;
using VoiceFlow.Core.Tests.Corpus;
using VoiceFlow.Evaluation.Text;

namespace VoiceFlow.Server.Tests.Support;

/// <summary>Speech for the tests: the repository's sample, and corpus sentences with their reference text.</summary>
internal static class Speech
{
    /// <summary>PocketSphinx's word error rate on clean corpus sentences stays under this (measured ≈0.1–0.2).</summary>
    public const double MaxWordErrorRate = 0.35;

    private static readonly Lazy<string> RepositoryRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VoiceFlow.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (VoiceFlow.slnx) not found above " + AppContext.BaseDirectory);
    });

    /// <summary>The repository's root folder.</summary>
    public static string RepositoryRootPath => RepositoryRoot.Value;

    /// <summary>samples/hello.wav (3.6 s).</summary>
    public static byte[] Hello => File.ReadAllBytes(Path.Combine(RepositoryRoot.Value, "samples", "hello.wav"));

    public static string HelloText => File.ReadAllText(Path.Combine(RepositoryRoot.Value, "samples", "hello.txt")).Trim();

    /// <summary>Clean corpus sentences (distinct texts), skipping the test when the corpus cannot be built.</summary>
    public static IReadOnlyList<CorpusItem> CleanSentences(int count) =>
        [.. CorpusFixture.Get().OfKind(CorpusItemKind.Clean).DistinctBy(i => i.ReferenceText).Take(count)];

    public static double Wer(string reference, string hypothesis) => WordErrorRate.Compute(reference, hypothesis).Rate;
}
