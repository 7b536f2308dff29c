using System.Globalization;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Validation;

/// <summary>
/// Validates a stream of capture blocks. In full mode every block gets a full check. In optimized
/// mode (enable_optimized_audio_validation) the validator earns trust: after
/// <c>validation_frequency</c> clean checks in a row it fully checks only every Nth block; in
/// between, blocks of at least <c>min_samples_for_statistical</c> samples get a strided sample
/// (<c>audio_validation_sample_rate</c> of the samples, random start); shorter blocks are always
/// checked fully (a sample of a few hundred samples says nothing, and the full check of one costs
/// well under a microsecond).
/// Damage (a finding the policy repairs or rejects) drops trust to zero and the offending block is
/// fully checked (and repaired or rejected) at once, so full checks resume until trust is earned
/// again; report-only findings such as clipping are reported and cost no trust.
/// Sampling can miss a NaN: the engine boundary always runs <see cref="FiniteGuard"/> as well.
/// One instance per stream; not thread-safe.
/// </summary>
public sealed class StreamingAudioValidator
{
    private readonly AudioValidator _full;
    private readonly Random _random;
    private readonly int _stride;
    private int _trust;
    private int _blocksSinceFullCheck;

    /// <param name="full">The full-mode validator (its policy decides repairs and rejections).</param>
    /// <param name="optimized">False: every block is fully checked.</param>
    /// <param name="validationFrequency">Clean checks needed for trust, and the full-check interval once trusted.</param>
    /// <param name="sampleRate">Fraction of samples inspected by a statistical check, in (0, 1].</param>
    /// <param name="minSamplesForStatistical">Smaller blocks are never sampled: always fully checked.</param>
    /// <param name="seed">Seed of the sampling offsets, for reproducible tests; null for a random seed.</param>
    /// <exception cref="ConfigurationException">A setting outside its allowed range.</exception>
    public StreamingAudioValidator(
        AudioValidator full, bool optimized, int validationFrequency, double sampleRate, int minSamplesForStatistical, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(full);
        if (validationFrequency < 1)
        {
            throw new ConfigurationException(string.Create(CultureInfo.InvariantCulture,
                $"validation_frequency must be at least 1, got {validationFrequency}."));
        }

        if (!(sampleRate > 0 && sampleRate <= 1))
        {
            throw new ConfigurationException(string.Create(CultureInfo.InvariantCulture,
                $"audio_validation_sample_rate must be in (0, 1], got {sampleRate}."));
        }

        if (minSamplesForStatistical < 1)
        {
            throw new ConfigurationException(string.Create(CultureInfo.InvariantCulture,
                $"min_samples_for_statistical must be at least 1, got {minSamplesForStatistical}."));
        }

        _full = full;
        IsOptimized = optimized;
        ValidationFrequency = validationFrequency;
        MinSamplesForStatistical = minSamplesForStatistical;
        _stride = Math.Max(1, (int)Math.Round(1 / sampleRate));
#pragma warning disable CA5394 // Sampling offsets need unpredictability against periodic faults, not security.
        _random = seed is { } s ? new Random(s) : new Random();
#pragma warning restore CA5394
    }

    /// <summary>True in optimized mode.</summary>
    public bool IsOptimized { get; }

    /// <summary>Clean checks needed before checks are thinned out; the full-check interval once trusted.</summary>
    public int ValidationFrequency { get; }

    /// <summary>Blocks shorter than this are always fully checked.</summary>
    public int MinSamplesForStatistical { get; }

    /// <summary>Undamaged checks in a row so far (capped at <see cref="ValidationFrequency"/>); 0 after a damaged block.</summary>
    public int Trust => _trust;

    /// <summary>True when checks are being thinned out.</summary>
    public bool IsTrusted => IsOptimized && _trust >= ValidationFrequency;

    /// <summary>Blocks fully checked so far.</summary>
    public long FullChecks { get; private set; }

    /// <summary>Blocks checked by sampling so far.</summary>
    public long SampledChecks { get; private set; }

    /// <summary>A validator for capture blocks configured by <paramref name="options"/>.</summary>
    public static StreamingAudioValidator FromOptions(VoiceFlowOptions options, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var full = new AudioValidator(AudioValidationLimits.FromOptions(options), AudioValidationPolicy.ForBlocks);
        return new StreamingAudioValidator(
            full,
            options.EnableOptimizedAudioValidation,
            options.ValidationFrequency,
            options.AudioValidationSampleRate,
            options.MinSamplesForStatistical,
            seed);
    }

    /// <summary>Validates the next block, repairing it in place as the policy says.</summary>
    /// <exception cref="AudioValidationException">A finding the policy rejects.</exception>
    public AudioValidationReport Validate(Span<float> block)
    {
        if (!IsTrusted || block.Length < MinSamplesForStatistical || ++_blocksSinceFullCheck >= ValidationFrequency)
        {
            return CheckFully(block);
        }

        SampledChecks++;
        int start = _random.Next(_stride);
        var statistics = AudioScanner.ScanStrided(block, start, _stride, _full.Limits.ClipLevel);
        var found = _full.FindingsOf(statistics);
        if (WithAction(found, FindingAction.Repair) != AudioFinding.None || WithAction(found, FindingAction.Reject) != AudioFinding.None)
        {
            // The sample saw damage: look at every sample of this block, and stop trusting.
            return CheckFully(block);
        }

        // Report-only findings (clipping, by default) are a property of the signal, not damage.
        return new AudioValidationReport(WithAction(found, FindingAction.Report), AudioFinding.None, BlockCheck.Sampled, statistics, 0, 0, 0f);
    }

    /// <summary>Forgets earned trust (a new stream or device).</summary>
    public void Reset()
    {
        _trust = 0;
        _blocksSinceFullCheck = 0;
    }

    private AudioValidationReport CheckFully(Span<float> block)
    {
        FullChecks++;
        _blocksSinceFullCheck = 0;
        int previousTrust = _trust;
        _trust = 0; // stays 0 if the block is rejected
        var report = _full.Validate(block);
        // Only damage (something repaired) costs trust; a rejection leaves it at 0 by throwing.
        _trust = report.WasRepaired ? 0 : Math.Min(previousTrust + 1, ValidationFrequency);
        return report;
    }

    private AudioFinding WithAction(AudioFinding found, FindingAction action)
    {
        var kept = AudioFinding.None;
        for (var remaining = found; remaining != AudioFinding.None; remaining &= remaining - 1)
        {
            var finding = remaining & (AudioFinding)(-(int)remaining); // lowest set flag
            if (_full.Policy.ActionFor(finding) == action)
            {
                kept |= finding;
            }
        }

        return kept;
    }
}
