namespace VoiceFlow.Core.Validation;

/// <summary>Something validation found wrong (or worth reporting) about a block of audio.</summary>
[Flags]
public enum AudioFinding
{
    /// <summary>Nothing found.</summary>
    None = 0,

    /// <summary>No samples at all.</summary>
    Empty = 1 << 0,

    /// <summary>NaN or infinite samples.</summary>
    NonFinite = 1 << 1,

    /// <summary>Peak far above 1 (default 1.5): integer PCM passed as float, almost certainly.</summary>
    FarOutOfRange = 1 << 2,

    /// <summary>Some samples slightly outside [-1, 1] (overshoot from a resampler or gain stage).</summary>
    OutOfRange = 1 << 3,

    /// <summary>Too many samples at full scale: the input gain is too high.</summary>
    Clipping = 1 << 4,

    /// <summary>The mean is far from 0: the input has a constant bias.</summary>
    DcOffset = 1 << 5,

    /// <summary>Longer than max_audio_buffer_size.</summary>
    TooLong = 1 << 6,

    /// <summary>Shorter than the least audio worth transcribing.</summary>
    TooShort = 1 << 7,
}

/// <summary>What validation does about one kind of <see cref="AudioFinding"/>.</summary>
public enum FindingAction
{
    /// <summary>Not reported; the audio passes.</summary>
    Ignore = 0,

    /// <summary>Reported in <see cref="AudioValidationReport.Findings"/>; the audio passes unchanged.</summary>
    Report = 1,

    /// <summary>Fixed in place and reported (only for NonFinite, FarOutOfRange, OutOfRange and DcOffset).</summary>
    Repair = 2,

    /// <summary>An <see cref="Errors.AudioValidationException"/> naming the finding and its numbers.</summary>
    Reject = 3,
}
