using VoiceFlow.Evaluation.Corpus;

namespace VoiceFlow.Core.Tests.Corpus;

/// <summary>The shared corpus, built once per test process (in the repo cache unless VOICEFLOW_CORPUS_DIR says otherwise).</summary>
internal static class CorpusFixture
{
    private static readonly Lazy<SpeechCorpus> Corpus = new(() => SpeechCorpus.EnsureBuilt());

    /// <summary>The corpus; skips the calling test when flite or sox is not installed.</summary>
    public static SpeechCorpus Get()
    {
        SkipUnlessToolsInstalled();
        return Corpus.Value;
    }

    public static void SkipUnlessToolsInstalled()
    {
        foreach (string tool in new[] { "flite", "sox" })
        {
            bool found = (Environment.GetEnvironmentVariable("PATH") ?? "")
                .Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Any(dir => File.Exists(Path.Combine(dir, tool)));
            if (!found)
            {
                Assert.Skip($"{tool} is not installed (Debian package '{tool}'); the corpus cannot be synthesised");
            }
        }
    }
}
