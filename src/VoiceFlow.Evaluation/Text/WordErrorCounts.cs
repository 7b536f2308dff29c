namespace VoiceFlow.Evaluation.Text;

/// <summary>
/// The edit operations that turn a reference transcript into a hypothesis, counted in words.
/// Add counts with <c>+</c> to aggregate a corpus: the corpus rate is total errors over total reference words.
/// </summary>
/// <param name="Substitutions">Reference words replaced by another word.</param>
/// <param name="Deletions">Reference words missing from the hypothesis.</param>
/// <param name="Insertions">Hypothesis words with no reference word.</param>
/// <param name="ReferenceWords">Words in the reference (N).</param>
public readonly record struct WordErrorCounts(int Substitutions, int Deletions, int Insertions, int ReferenceWords)
{
    /// <summary>S + D + I.</summary>
    public int Errors => Substitutions + Deletions + Insertions;

    /// <summary>Reference words recognised correctly.</summary>
    public int Hits => ReferenceWords - Substitutions - Deletions;

    /// <summary>
    /// (S + D + I) / N. Can exceed 1 when the hypothesis has many insertions. With an empty reference it is
    /// 0 for an empty hypothesis and <see cref="double.PositiveInfinity"/> otherwise.
    /// </summary>
    public double Rate => ReferenceWords == 0
        ? (Insertions == 0 ? 0 : double.PositiveInfinity)
        : (double)Errors / ReferenceWords;

    /// <summary>Sums two counts (corpus aggregation).</summary>
    public static WordErrorCounts operator +(WordErrorCounts left, WordErrorCounts right) => Add(left, right);

    /// <summary>Sums two counts (corpus aggregation).</summary>
    public static WordErrorCounts Add(WordErrorCounts left, WordErrorCounts right) => new(
        left.Substitutions + right.Substitutions,
        left.Deletions + right.Deletions,
        left.Insertions + right.Insertions,
        left.ReferenceWords + right.ReferenceWords);
}
