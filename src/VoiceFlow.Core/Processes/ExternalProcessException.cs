using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Processes;

/// <summary>Why a program could not be run to its end.</summary>
public enum ExternalProcessFailure
{
    /// <summary>It could not be started: not installed, not on PATH, or not executable.</summary>
    NotStarted,

    /// <summary>It ran past its time bound and was killed.</summary>
    TimedOut,
}

/// <summary>
/// A program that could not be started or did not finish in time. Callers turn it into their own error (a delivery
/// tool's names its Debian package, ffmpeg's is an audio-format error), so this message is only the plain fact.
/// </summary>
public sealed class ExternalProcessException : VoiceFlowException
{
    /// <summary>Creates the error for <paramref name="program"/>.</summary>
    public ExternalProcessException(string program, ExternalProcessFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Program = program;
        Failure = failure;
    }

    /// <summary>The program's file name.</summary>
    public string Program { get; }

    /// <summary>Why it failed.</summary>
    public ExternalProcessFailure Failure { get; }
}
