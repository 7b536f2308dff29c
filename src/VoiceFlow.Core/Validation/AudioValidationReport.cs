namespace VoiceFlow.Core.Validation;

/// <summary>How a block was checked by <see cref="StreamingAudioValidator"/>.</summary>
public enum BlockCheck
{
    /// <summary>A strided sample of the block was inspected (optimized mode, trusted stream).</summary>
    Sampled = 0,

    /// <summary>Every sample was inspected.</summary>
    Full = 1,
}

/// <summary>The outcome of validating one block or recording. A value type: reporting allocates nothing.</summary>
/// <param name="Findings">Everything found and not ignored by the policy.</param>
/// <param name="Repaired">The findings that were repaired in place.</param>
/// <param name="Check">How thoroughly the samples were inspected.</param>
/// <param name="Statistics">Statistics of the inspected samples, before repair.</param>
/// <param name="NonFiniteReplaced">NaN/Inf samples replaced by 0.</param>
/// <param name="SamplesClamped">Finite samples clamped to [-1, 1].</param>
/// <param name="DcOffsetRemoved">The offset subtracted from every sample (0 when none).</param>
public readonly record struct AudioValidationReport(
    AudioFinding Findings,
    AudioFinding Repaired,
    BlockCheck Check,
    AudioStatistics Statistics,
    int NonFiniteReplaced,
    int SamplesClamped,
    float DcOffsetRemoved)
{
    /// <summary>True when nothing was found.</summary>
    public bool IsClean => Findings == AudioFinding.None;

    /// <summary>True when the samples were changed in place.</summary>
    public bool WasRepaired => Repaired != AudioFinding.None;
}
