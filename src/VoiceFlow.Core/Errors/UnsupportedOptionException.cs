namespace VoiceFlow.Core.Errors;

/// <summary>
/// A job asks the loaded engine or model for something it cannot do (a language it does not know, translation with an
/// English-only model): the request is at fault, not the engine, so a server answers 400.
/// </summary>
public class UnsupportedOptionException : EngineException
{
    public UnsupportedOptionException(string message) : base(message) { }

    public UnsupportedOptionException(string message, Exception? innerException) : base(message, innerException) { }

    public UnsupportedOptionException() { }
}
