namespace VoiceFlow.Core.Errors;

/// <summary>
/// Base of every error VoiceFlow reports to a user. Its <see cref="Exception.Message"/> is a
/// complete one-line cause ("what went wrong, with which file/key/value"), fit to print as is;
/// the CLI prints only this line unless --verbose is given.
/// </summary>
public class VoiceFlowException : Exception
{
    /// <summary>What kind of failure this is; <see cref="VoiceFlowErrorKinds"/> maps it to exit codes, HTTP statuses and socket errors.</summary>
    public virtual VoiceFlowErrorKind Kind => VoiceFlowErrorKind.General;

    public VoiceFlowException(string message) : base(message) { }

    public VoiceFlowException(string message, Exception? innerException) : base(message, innerException) { }

    public VoiceFlowException() { }
}

/// <summary>Audio input that cannot be read or used (bad header, truncated data, unsupported encoding, missing decoder).</summary>
public class AudioFormatException : VoiceFlowException
{
    /// <inheritdoc/>
    public override VoiceFlowErrorKind Kind => VoiceFlowErrorKind.Audio;

    public AudioFormatException(string message) : base(message) { }

    public AudioFormatException(string message, Exception? innerException) : base(message, innerException) { }

    public AudioFormatException() { }
}

/// <summary>Audio that was read correctly but fails validation (NaN, empty, too long...).</summary>
public class AudioValidationException : VoiceFlowException
{
    /// <inheritdoc/>
    public override VoiceFlowErrorKind Kind => VoiceFlowErrorKind.Audio;

    public AudioValidationException(string message) : base(message) { }

    public AudioValidationException(string message, Exception? innerException) : base(message, innerException) { }

    public AudioValidationException() { }
}

/// <summary>Audio longer than a configured limit allows; the message names the setting that sets it.</summary>
public class AudioTooLongException : AudioValidationException
{
    /// <inheritdoc/>
    public override VoiceFlowErrorKind Kind => VoiceFlowErrorKind.AudioTooLong;

    public AudioTooLongException(string message) : base(message) { }

    public AudioTooLongException(string message, Exception? innerException) : base(message, innerException) { }

    public AudioTooLongException() { }
}

/// <summary>A configuration file, environment variable or flag with an invalid value.</summary>
public class ConfigurationException : VoiceFlowException
{
    /// <inheritdoc/>
    public override VoiceFlowErrorKind Kind => VoiceFlowErrorKind.Configuration;

    public ConfigurationException(string message) : base(message) { }

    public ConfigurationException(string message, Exception? innerException) : base(message, innerException) { }

    public ConfigurationException() { }
}

/// <summary>A recogniser that cannot be loaded or run (missing library, bad option, corrupt model).</summary>
public class EngineException : VoiceFlowException
{
    /// <inheritdoc/>
    public override VoiceFlowErrorKind Kind => VoiceFlowErrorKind.Engine;

    public EngineException(string message) : base(message) { }

    public EngineException(string message, Exception? innerException) : base(message, innerException) { }

    public EngineException() { }
}

/// <summary>
/// A job asks the loaded engine for what it cannot do (another language, translation): the request's fault, not the
/// engine's — the server answers it with 400 naming <see cref="Option"/>.
/// </summary>
public class UnsupportedRequestException : UnsupportedOptionException
{
    public UnsupportedRequestException(string message, string option) : base(message) => Option = option;

    public UnsupportedRequestException(string message) : base(message) { }

    public UnsupportedRequestException(string message, Exception? innerException) : base(message, innerException) { }

    public UnsupportedRequestException() { }

    /// <summary>The job option the engine cannot honour ("language", "translate"); null when unknown.</summary>
    public string? Option { get; }
}

/// <summary>A model file that is truncated, corrupt or of an unsupported kind.</summary>
public class ModelFormatException : EngineException
{
    public ModelFormatException(string message) : base(message) { }

    public ModelFormatException(string message, Exception? innerException) : base(message, innerException) { }

    public ModelFormatException() { }
}

/// <summary>More jobs than the configured concurrency bound and queue allow.</summary>
public class EngineBusyException : VoiceFlowException
{
    /// <inheritdoc/>
    public override VoiceFlowErrorKind Kind => VoiceFlowErrorKind.Busy;

    public EngineBusyException(string message) : base(message) { }

    public EngineBusyException(string message, Exception? innerException) : base(message, innerException) { }

    public EngineBusyException() { }
}
