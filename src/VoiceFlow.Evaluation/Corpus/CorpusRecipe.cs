using System.Security.Cryptography;
using System.Text;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Evaluation.Corpus;

/// <summary>
/// What to synthesise: the sentence list, the voices, and the fixed rules that derive noisy and long
/// items from them. Everything is a pure function of these inputs, so the same inputs give the same files.
/// </summary>
internal sealed class CorpusRecipe
{
    /// <summary>Bump when the rules below change, so cached corpora are rebuilt.</summary>
    public const int Version = 2;

    /// <summary>Silence put before and after the speech of a noisy item (1 s).</summary>
    public const int NoisePaddingSamples = 16_000;

    /// <summary>A long item is closed once it reaches this length.</summary>
    public const double LongItemTargetSeconds = 35;

    /// <summary>A trailing group shorter than this is not made into a long item.</summary>
    public const double LongItemMinimumSeconds = 30;

    /// <summary>Pauses between sentences of a long item, used in turn, in samples.</summary>
    public static readonly int[] LongItemGapSamples = [9_600, 16_000, 22_400, 12_800];

    private static readonly string[] NoiseKinds = ["whitenoise", "pinknoise"];
    private static readonly double[] NoiseSnrDb = [20, 10, 5];

    public CorpusRecipe(IReadOnlyList<string> sentences, IReadOnlyList<string> voices)
    {
        if (sentences.Count == 0)
        {
            throw new ConfigurationException("corpus: the sentence list is empty");
        }

        if (voices.Count == 0)
        {
            throw new ConfigurationException("corpus: no flite voice given");
        }

        Sentences = sentences;
        Voices = voices;
        Hash = ComputeHash(sentences, voices);
    }

    public IReadOnlyList<string> Sentences { get; }

    public IReadOnlyList<string> Voices { get; }

    /// <summary>SHA-256 (hex) of the recipe version, voices and sentences.</summary>
    public string Hash { get; }

    /// <summary>Reads a sentence list: one per line; blank lines and lines starting with '#' are skipped.</summary>
    public static IReadOnlyList<string> ReadSentences(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigurationException($"corpus: sentence list not found: {path}");
        }

        return [.. File.ReadAllLines(path)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))];
    }

    /// <summary>Id of the clean item of sentence <paramref name="index"/> (0-based).</summary>
    public string CleanId(int index) => $"s{index + 1:D2}-{VoiceOf(index)}";

    /// <summary>Voices take turns so every voice speaks a share of the sentences.</summary>
    public string VoiceOf(int index) => Voices[index % Voices.Count];

    /// <summary>
    /// The sentences that also get a noisy variant: every fourth, with the offset advancing each round so the
    /// picks rotate through the voices. Noise kind and SNR cycle independently.
    /// </summary>
    public IEnumerable<(int SentenceIndex, string Noise, double SnrDb)> NoisyVariants()
    {
        int made = 0;
        for (int i = 0; i < Sentences.Count; i++)
        {
            if (i % 4 == (i / 4) % 4)
            {
                yield return (i, NoiseKinds[made % NoiseKinds.Length], NoiseSnrDb[made % NoiseSnrDb.Length]);
                made++;
            }
        }
    }

    /// <summary>Groups consecutive sentences into long items of about <see cref="LongItemTargetSeconds"/>.</summary>
    /// <param name="sentenceSamples">Length of each clean item in samples.</param>
    public IReadOnlyList<IReadOnlyList<int>> LongItemGroups(IReadOnlyList<int> sentenceSamples)
    {
        var groups = new List<IReadOnlyList<int>>();
        var current = new List<int>();
        long samples = 0;
        for (int i = 0; i < sentenceSamples.Count; i++)
        {
            current.Add(i);
            samples += sentenceSamples[i] + LongItemGapSamples[i % LongItemGapSamples.Length];
            if (samples >= LongItemTargetSeconds * 16_000)
            {
                groups.Add(current);
                current = [];
                samples = 0;
            }
        }

        if (samples >= LongItemMinimumSeconds * 16_000)
        {
            groups.Add(current);
        }

        return groups;
    }

    private static string ComputeHash(IReadOnlyList<string> sentences, IReadOnlyList<string> voices)
    {
        var text = new StringBuilder();
        text.Append("voiceflow-corpus-recipe ").Append(Version).Append('\n');
        text.AppendJoin(',', voices).Append('\n');
        text.AppendJoin('\n', sentences);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
