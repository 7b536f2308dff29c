namespace VoiceFlow.Evaluation.Text;

/// <summary>
/// Word error rate: word-level Levenshtein alignment of a hypothesis against a reference, reported as
/// substitution, deletion and insertion counts. Memory is O(hypothesis length): only two rows of the
/// alignment table are kept, each cell carrying its own S/D/I counts.
/// </summary>
public static class WordErrorRate
{
    /// <summary>Normalises both texts with <see cref="TranscriptNormalizer"/> and aligns them.</summary>
    public static WordErrorCounts Compute(string reference, string hypothesis) =>
        Compute(TranscriptNormalizer.Words(reference), TranscriptNormalizer.Words(hypothesis));

    /// <summary>Aligns already-normalised words (compared ordinally).</summary>
    public static WordErrorCounts Compute(IReadOnlyList<string> reference, IReadOnlyList<string> hypothesis)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(hypothesis);

        // previous[j] aligns reference[..i] with hypothesis[..j]; row 0 is j insertions.
        var previous = new Cell[hypothesis.Count + 1];
        var current = new Cell[hypothesis.Count + 1];
        for (var j = 1; j <= hypothesis.Count; j++)
        {
            previous[j] = previous[j - 1].WithInsertion();
        }

        for (var i = 1; i <= reference.Count; i++)
        {
            current[0] = previous[0].WithDeletion();
            for (var j = 1; j <= hypothesis.Count; j++)
            {
                var same = string.Equals(reference[i - 1], hypothesis[j - 1], StringComparison.Ordinal);
                var best = same ? previous[j - 1] : previous[j - 1].WithSubstitution();

                // Ties keep the diagonal, then deletion, then insertion, so counts are deterministic.
                var deletion = previous[j].WithDeletion();
                if (deletion.Cost < best.Cost)
                {
                    best = deletion;
                }

                var insertion = current[j - 1].WithInsertion();
                if (insertion.Cost < best.Cost)
                {
                    best = insertion;
                }

                current[j] = best;
            }

            (previous, current) = (current, previous);
        }

        var final = previous[hypothesis.Count];
        return new WordErrorCounts(final.Substitutions, final.Deletions, final.Insertions, reference.Count);
    }

    /// <summary>Corpus word error counts: the sum over pairs of (reference, hypothesis) texts.</summary>
    public static WordErrorCounts ComputeCorpus(IEnumerable<(string Reference, string Hypothesis)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var total = default(WordErrorCounts);
        foreach (var (reference, hypothesis) in pairs)
        {
            total += Compute(reference, hypothesis);
        }

        return total;
    }

    private readonly record struct Cell(int Substitutions, int Deletions, int Insertions)
    {
        public int Cost => Substitutions + Deletions + Insertions;

        public Cell WithSubstitution() => this with { Substitutions = Substitutions + 1 };

        public Cell WithDeletion() => this with { Deletions = Deletions + 1 };

        public Cell WithInsertion() => this with { Insertions = Insertions + 1 };
    }
}
