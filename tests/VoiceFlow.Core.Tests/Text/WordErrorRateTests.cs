using CsCheck;
using VoiceFlow.Evaluation.Text;

namespace VoiceFlow.Core.Tests.Text;

public class WordErrorRateTests
{
    [Fact]
    public void Identical_texts_have_no_errors()
    {
        var counts = WordErrorRate.Compute("the cat sat", "The cat, sat.");

        Assert.Equal(new WordErrorCounts(0, 0, 0, 3), counts);
        Assert.Equal(0, counts.Rate);
        Assert.Equal(3, counts.Hits);
    }

    [Fact]
    public void Substitution_and_deletion_are_counted()
    {
        // the cat SAT on THE mat -> the cat SIT on mat: sat->sit, "the" deleted.
        var counts = WordErrorRate.Compute("the cat sat on the mat", "the cat sit on mat");

        Assert.Equal(new WordErrorCounts(1, 1, 0, 6), counts);
        Assert.Equal(2.0 / 6, counts.Rate, 12);
    }

    [Fact]
    public void Insertion_is_counted()
    {
        var counts = WordErrorRate.Compute("a b c", "a x b c");

        Assert.Equal(new WordErrorCounts(0, 0, 1, 3), counts);
        Assert.Equal(1.0 / 3, counts.Rate, 12);
    }

    [Fact]
    public void Rate_can_exceed_one_with_insertions()
    {
        var counts = WordErrorRate.Compute("a", "b c d");

        Assert.Equal(new WordErrorCounts(1, 0, 2, 1), counts);
        Assert.Equal(3, counts.Rate);
    }

    [Fact]
    public void Empty_reference_and_hypothesis_edge_cases()
    {
        Assert.Equal(0, WordErrorRate.Compute("", "").Rate);
        Assert.Equal(double.PositiveInfinity, WordErrorRate.Compute("", "word").Rate);
        var allMissing = WordErrorRate.Compute("two words", "");
        Assert.Equal(new WordErrorCounts(0, 2, 0, 2), allMissing);
        Assert.Equal(1, allMissing.Rate);
    }

    [Fact]
    public void Real_recogniser_output_against_its_transcript()
    {
        // Reference and pocketsphinx_batch output for librivox 0880 (hand-aligned):
        // he was not [an->until] [ill->this] [disposed->blows] young man: 3 substitutions of 8 words.
        var counts = WordErrorRate.Compute("he was not an ill disposed young man", "he was not until this blows young man");

        Assert.Equal(new WordErrorCounts(3, 0, 0, 8), counts);
    }

    [Fact]
    public void Corpus_rate_is_total_errors_over_total_reference_words()
    {
        var corpus = WordErrorRate.ComputeCorpus([
            ("one two three four", "one two three for"),
            ("five", "six"),
        ]);

        Assert.Equal(new WordErrorCounts(2, 0, 0, 5), corpus);
        Assert.Equal(0.4, corpus.Rate, 12); // not the mean of 0.25 and 1.0
    }

    [Fact]
    public void Error_count_equals_full_matrix_edit_distance_and_counts_are_consistent()
    {
        var words = Gen.Int[0, 3].Select(i => "w" + i).Array[0, 9];
        Gen.Select(words, words).Sample((reference, hypothesis) =>
        {
            var counts = WordErrorRate.Compute(reference, hypothesis);

            Assert.Equal(EditDistance(reference, hypothesis), counts.Errors);
            Assert.Equal(reference.Length, counts.Hits + counts.Substitutions + counts.Deletions);
            Assert.Equal(hypothesis.Length, counts.Hits + counts.Substitutions + counts.Insertions);
        }, iter: 2000);
    }

    // Textbook Levenshtein over the full matrix: the reference for the two-row implementation.
    private static int EditDistance(string[] a, string[] b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            }
        }

        return d[a.Length, b.Length];
    }
}
