using System.Text.RegularExpressions;
using VoiceFlow.Evaluation.Corpus;
using VoiceFlow.Core.Tests.Corpus;

namespace VoiceFlow.Dictation.Tests.Support;

/// <summary>Corpus sentences to speak into a capture, and the checks on what came back.</summary>
internal static partial class Speech
{
    /// <summary>Clean flite sentences PocketSphinx recognises with their first and last words intact.</summary>
    public const string First = "s01-rms", Second = "s06-awb";

    public static SpokenSentence Sentence(string id = First)
    {
        var item = CorpusFixture.Get()[id];
        return new SpokenSentence(item, item.LoadSamples());
    }

    /// <summary>At least half of the reference words were recognised (PocketSphinx's WER on flite voices is well under that).</summary>
    public static void AssertRecognised(SpokenSentence sentence, string text)
    {
        var reference = Words(sentence.Item.ReferenceText);
        var heard = Words(text).ToHashSet(StringComparer.Ordinal);
        int found = reference.Count(heard.Contains);
        Assert.True(found * 2 >= reference.Count, $"heard '{text}' for '{sentence.Item.ReferenceText}' ({found}/{reference.Count} words)");
    }

    /// <summary>The sentence's first and last words are in <paramref name="text"/>.</summary>
    public static void AssertFirstAndLastWords(SpokenSentence sentence, string text)
    {
        var reference = Words(sentence.Item.ReferenceText);
        var heard = Words(text);
        Assert.True(heard.Contains(reference[0]), $"first word '{reference[0]}' missing from '{text}'");
        Assert.True(heard.Contains(reference[^1]), $"last word '{reference[^1]}' missing from '{text}'");
    }

    /// <summary>No word of <paramref name="other"/> that is not also in <paramref name="own"/> appears in <paramref name="text"/>.</summary>
    public static void AssertNoWordsOf(SpokenSentence other, SpokenSentence own, string text)
    {
        var ownWords = Words(own.Item.ReferenceText).ToHashSet(StringComparer.Ordinal);
        var foreign = Words(other.Item.ReferenceText).Where(w => w.Length > 3 && !ownWords.Contains(w)).ToHashSet(StringComparer.Ordinal);
        var bled = Words(text).Where(foreign.Contains).ToList();
        Assert.True(bled.Count == 0, $"'{text}' contains words of the other dictation: {string.Join(", ", bled)}");
    }

    public static List<string> Words(string text) =>
        [.. WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value)];

    [GeneratedRegex("[a-z']+")]
    private static partial Regex WordPattern();
}

internal sealed record SpokenSentence(CorpusItem Item, float[] Samples)
{
    public TimeSpan Duration => TimeSpan.FromSeconds(Samples.Length / 16_000.0);
}
