using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Validation;

/// <summary>
/// Full-mode validation: one vectorized scan of every sample, findings by
/// <see cref="AudioValidationLimits"/>, actions by <see cref="AudioValidationPolicy"/>, and at most
/// one more vectorized pass to repair. Stateless and thread-safe; allocates only when it throws.
/// </summary>
public sealed class AudioValidator
{
    // Rejections are reported in this order: the first one that applies names the cause.
    private static readonly AudioFinding[] RejectionOrder =
    [
        AudioFinding.Empty, AudioFinding.TooLong, AudioFinding.NonFinite, AudioFinding.FarOutOfRange,
        AudioFinding.OutOfRange, AudioFinding.TooShort, AudioFinding.Clipping, AudioFinding.DcOffset,
    ];

    public AudioValidator(AudioValidationLimits limits, AudioValidationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(policy);
        Limits = limits;
        Policy = policy;
    }

    /// <summary>The thresholds in use.</summary>
    public AudioValidationLimits Limits { get; }

    /// <summary>The actions in use.</summary>
    public AudioValidationPolicy Policy { get; }

    /// <summary>A validator for whole recordings with <paramref name="options"/>' max_audio_buffer_size.</summary>
    public static AudioValidator ForRecordings(VoiceFlowOptions options) =>
        new(AudioValidationLimits.FromOptions(options), AudioValidationPolicy.ForRecording);

    /// <summary>
    /// Validates <paramref name="samples"/>, repairing in place what the policy says to repair.
    /// </summary>
    /// <exception cref="AudioValidationException">A finding whose action is Reject; the message names it and its numbers.</exception>
    public AudioValidationReport Validate(Span<float> samples)
    {
        if (samples.IsEmpty)
        {
            return Decide(samples, AudioFinding.Empty, default);
        }

        var lengthFindings = AudioFinding.None;
        if (samples.Length > Limits.MaxSamples)
        {
            lengthFindings |= AudioFinding.TooLong;
            if (Policy.TooLong == FindingAction.Reject)
            {
                // Do not scan what is refused anyway.
                ThrowRejected(AudioFinding.TooLong, samples.Length, default);
            }
        }
        else if (samples.Length < Limits.MinSamples)
        {
            lengthFindings |= AudioFinding.TooShort;
        }

        var statistics = AudioScanner.Scan(samples, Limits.ClipLevel);
        return Decide(samples, lengthFindings | FindingsOf(statistics), statistics);
    }

    /// <summary>
    /// Checks only the length (empty, too long, too short) without reading a sample: the whole-recording
    /// part of validation when the samples themselves are checked block by block.
    /// </summary>
    /// <exception cref="AudioValidationException">A length finding whose action is Reject.</exception>
    public AudioFinding CheckLength(int sampleCount)
    {
        var found = sampleCount == 0 ? AudioFinding.Empty
            : sampleCount > Limits.MaxSamples ? AudioFinding.TooLong
            : sampleCount < Limits.MinSamples ? AudioFinding.TooShort
            : AudioFinding.None;
        if (found == AudioFinding.None)
        {
            return found;
        }

        return Policy.ActionFor(found) switch
        {
            FindingAction.Reject => throw new AudioValidationException(RejectionMessage(found, sampleCount, default)),
            FindingAction.Ignore => AudioFinding.None,
            _ => found,
        };
    }

    /// <summary>The findings <paramref name="statistics"/> show under these limits (length aside).</summary>
    internal AudioFinding FindingsOf(in AudioStatistics statistics)
    {
        var findings = AudioFinding.None;
        if (statistics.NonFiniteCount > 0)
        {
            findings |= AudioFinding.NonFinite;
        }

        if (statistics.Peak > Limits.FarOutOfRangePeak)
        {
            findings |= AudioFinding.FarOutOfRange;
        }
        else if (statistics.OutOfRangeCount > 0)
        {
            findings |= AudioFinding.OutOfRange;
        }

        if (statistics.ClippedFraction > Limits.MaxClippedFraction)
        {
            findings |= AudioFinding.Clipping;
        }

        if (Math.Abs(statistics.Mean) > Limits.MaxDcOffset)
        {
            findings |= AudioFinding.DcOffset;
        }

        return findings;
    }

    private AudioValidationReport Decide(Span<float> samples, AudioFinding found, in AudioStatistics statistics)
    {
        var reported = AudioFinding.None;
        var repair = AudioFinding.None;
        foreach (var finding in RejectionOrder)
        {
            if ((found & finding) == 0)
            {
                continue;
            }

            switch (Policy.ActionFor(finding))
            {
                case FindingAction.Reject:
                    ThrowRejected(finding, samples.Length, statistics);
                    break;
                case FindingAction.Repair:
                    repair |= finding;
                    reported |= finding;
                    break;
                case FindingAction.Report:
                    reported |= finding;
                    break;
                default:
                    break;
            }
        }

        if (repair == AudioFinding.None)
        {
            return new AudioValidationReport(reported, AudioFinding.None, BlockCheck.Full, statistics, 0, 0, 0f);
        }

        // One fused pass: whichever repairs were asked for, NaN/Inf are zeroed too, since a repaired
        // buffer is about to be trusted by a recogniser.
        float offset = (repair & AudioFinding.DcOffset) != 0 ? (float)statistics.Mean : 0f;
        float limit = (repair & (AudioFinding.OutOfRange | AudioFinding.FarOutOfRange)) != 0 ? 1f : float.PositiveInfinity;
        int clamped = SampleRepair.Repair(samples, offset, limit);
        var repaired = repair | (statistics.NonFiniteCount > 0 ? AudioFinding.NonFinite : AudioFinding.None);
        return new AudioValidationReport(
            reported | repaired, repaired, BlockCheck.Full, statistics, statistics.NonFiniteCount, clamped, offset);
    }

    [DoesNotReturn]
    private void ThrowRejected(AudioFinding finding, int length, in AudioStatistics statistics) =>
        throw (finding == AudioFinding.TooLong
            ? new AudioTooLongException(RejectionMessage(finding, length, statistics))
            : new AudioValidationException(RejectionMessage(finding, length, statistics)));

    private string RejectionMessage(AudioFinding finding, int length, in AudioStatistics s)
    {
        var culture = CultureInfo.InvariantCulture;
        double seconds = AudioFormat.DurationOf(length).TotalSeconds;
        return finding switch
        {
            AudioFinding.Empty =>
                "Audio rejected (empty): 0 samples, nothing to transcribe.",
            AudioFinding.TooLong => string.Create(culture,
                $"Audio rejected (too long): {seconds:F1} s ({length} samples at 16 kHz) exceeds max_audio_buffer_size {Limits.MaxSamples} samples ({AudioFormat.DurationOf(Limits.MaxSamples).TotalSeconds:F1} s)."),
            AudioFinding.TooShort => string.Create(culture,
                $"Audio rejected (too short): {seconds:F3} s ({length} samples) is below the {AudioFormat.DurationOf(Limits.MinSamples).TotalSeconds:F2} s ({Limits.MinSamples} samples) needed to transcribe."),
            AudioFinding.NonFinite => string.Create(culture,
                $"Audio rejected (NaN/Inf): {s.NonFiniteCount} of {length} samples are NaN or infinite."),
            AudioFinding.FarOutOfRange => string.Create(culture,
                $"Audio rejected (far out of range): peak |x| = {s.Peak:G6} exceeds {Limits.FarOutOfRangePeak:G3} (expected [-1, 1]); integer PCM samples were probably passed as float without scaling."),
            AudioFinding.OutOfRange => string.Create(culture,
                $"Audio rejected (out of range): {s.OutOfRangeCount} of {length} samples are outside [-1, 1] (peak {s.Peak:G6})."),
            AudioFinding.Clipping => string.Create(culture,
                $"Audio rejected (clipping): {s.ClippedFraction * 100:F2}% of samples ({s.ClippedCount} of {length}) are at |x| >= {Limits.ClipLevel:G4}, above the {Limits.MaxClippedFraction * 100:F2}% limit; lower the input gain."),
            AudioFinding.DcOffset => string.Create(culture,
                $"Audio rejected (DC offset): mean {s.Mean:F4} exceeds ±{Limits.MaxDcOffset:F4}; the input has a constant bias."),
            _ => throw new ArgumentOutOfRangeException(nameof(finding), finding, "Expected exactly one finding."),
        };
    }
}
