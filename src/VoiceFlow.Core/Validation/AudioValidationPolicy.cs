namespace VoiceFlow.Core.Validation;

/// <summary>
/// One <see cref="FindingAction"/> per <see cref="AudioFinding"/>. Repair is only offered where a
/// repair keeps the audio meaningful: NaN/Inf become silence, overshoot is clamped, a DC bias is
/// subtracted. Clipping, length and emptiness cannot be repaired, only reported or rejected.
/// </summary>
public sealed record AudioValidationPolicy
{
    private readonly FindingAction _empty = FindingAction.Reject;
    private readonly FindingAction _clipping = FindingAction.Report;
    private readonly FindingAction _tooLong = FindingAction.Reject;
    private readonly FindingAction _tooShort = FindingAction.Reject;

    /// <summary>For a whole recording or file about to be transcribed (the defaults).</summary>
    public static AudioValidationPolicy ForRecording { get; } = new();

    /// <summary>
    /// For capture blocks (a few ms each): emptiness, length and DC bias say nothing about a
    /// 32 ms block, so they are ignored; corruption is still repaired or rejected.
    /// </summary>
    public static AudioValidationPolicy ForBlocks { get; } = new()
    {
        Empty = FindingAction.Ignore,
        TooLong = FindingAction.Ignore,
        TooShort = FindingAction.Ignore,
        DcOffset = FindingAction.Ignore,
    };

    /// <summary>No samples. Default: reject.</summary>
    public FindingAction Empty { get => _empty; init => _empty = NotRepair(value, AudioFinding.Empty); }

    /// <summary>NaN or infinite samples. Default: repair (replace by 0).</summary>
    public FindingAction NonFinite { get; init; } = FindingAction.Repair;

    /// <summary>Peak far outside [-1, 1]. Default: reject (clamping integer PCM yields a square wave, not speech).</summary>
    public FindingAction FarOutOfRange { get; init; } = FindingAction.Reject;

    /// <summary>Slight overshoot outside [-1, 1]. Default: repair (clamp).</summary>
    public FindingAction OutOfRange { get; init; } = FindingAction.Repair;

    /// <summary>Too many clipped samples. Default: report.</summary>
    public FindingAction Clipping { get => _clipping; init => _clipping = NotRepair(value, AudioFinding.Clipping); }

    /// <summary>A constant bias. Default: repair (subtract the mean).</summary>
    public FindingAction DcOffset { get; init; } = FindingAction.Repair;

    /// <summary>Longer than max_audio_buffer_size. Default: reject.</summary>
    public FindingAction TooLong { get => _tooLong; init => _tooLong = NotRepair(value, AudioFinding.TooLong); }

    /// <summary>Shorter than the minimum duration. Default: reject.</summary>
    public FindingAction TooShort { get => _tooShort; init => _tooShort = NotRepair(value, AudioFinding.TooShort); }

    /// <summary>The action for one finding.</summary>
    public FindingAction ActionFor(AudioFinding finding) => finding switch
    {
        AudioFinding.Empty => Empty,
        AudioFinding.NonFinite => NonFinite,
        AudioFinding.FarOutOfRange => FarOutOfRange,
        AudioFinding.OutOfRange => OutOfRange,
        AudioFinding.Clipping => Clipping,
        AudioFinding.DcOffset => DcOffset,
        AudioFinding.TooLong => TooLong,
        AudioFinding.TooShort => TooShort,
        _ => throw new ArgumentOutOfRangeException(nameof(finding), finding, "Expected exactly one finding."),
    };

    private static FindingAction NotRepair(FindingAction action, AudioFinding finding) =>
        action == FindingAction.Repair
            ? throw new ArgumentException($"{finding} cannot be repaired; use Ignore, Report or Reject.", nameof(action))
            : action;
}
