namespace VoiceFlow.Core.Validation;

/// <summary>
/// What one pass over a block of samples found. Min, max and sum cover finite samples only, so a
/// single NaN cannot hide the rest of the signal; counts of clipped and out-of-range samples also
/// cover finite samples only (a non-finite sample is counted once, in <see cref="NonFiniteCount"/>).
/// </summary>
/// <param name="Length">Samples inspected.</param>
/// <param name="NonFiniteCount">NaN, +Inf or -Inf samples.</param>
/// <param name="ClippedCount">Finite samples with |x| at or above the clip level.</param>
/// <param name="OutOfRangeCount">Finite samples with |x| &gt; 1.</param>
/// <param name="Min">Smallest finite sample, 0 when there is none.</param>
/// <param name="Max">Largest finite sample, 0 when there is none.</param>
/// <param name="Sum">Sum of the finite samples.</param>
public readonly record struct AudioStatistics(
    int Length, int NonFiniteCount, int ClippedCount, int OutOfRangeCount, float Min, float Max, double Sum)
{
    /// <summary>Samples that are neither NaN nor infinite.</summary>
    public int FiniteCount => Length - NonFiniteCount;

    /// <summary>Largest finite magnitude.</summary>
    public float Peak => Math.Max(Math.Abs(Min), Math.Abs(Max));

    /// <summary>Mean of the finite samples (the DC offset), 0 when there is none.</summary>
    public double Mean => FiniteCount == 0 ? 0 : Sum / FiniteCount;

    /// <summary>Clipped samples as a fraction of all inspected samples, 0 for an empty block.</summary>
    public double ClippedFraction => Length == 0 ? 0 : ClippedCount / (double)Length;
}
