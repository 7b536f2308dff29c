namespace VoiceFlow.Core.Processes;

/// <summary>How a program ended and what it printed.</summary>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="Output">Everything it wrote to stdout.</param>
/// <param name="Error">Everything it wrote to stderr.</param>
public readonly record struct ExternalProcessResult(int ExitCode, string Output, string Error)
{
    /// <summary>The first non-empty line of stderr, or "no message": what a one-line error quotes.</summary>
    public string FirstErrorLine =>
        Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";
}
