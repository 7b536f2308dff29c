namespace VoiceFlow.Core.Errors;

/// <summary>
/// A job asks the loaded engine or model for something it cannot do (a language it does not know, translation with an
/// English-only model): the request is at fault, not the engine, so it is a configuration error (a server answers
/// 400, the CLI exits with the configuration code).
/// </summary>
public class UnsupportedOptionException : EngineException
{
    /// <inheritdoc />
    public override VoiceFlowErrorKind Kind => VoiceFlowErrorKind.Configuration;

    public UnsupportedOptionException(string message) : base(message) { }

    public UnsupportedOptionException(string message, Exception? innerException) : base(message, innerException) { }

    public UnsupportedOptionException() { }
}
