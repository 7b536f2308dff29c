namespace VoiceFlow.Core.Processes;

/// <summary>
/// One run of an external program: its path or name (looked up on PATH) and an argument list, never a shell command
/// line, so no text a user or a transcript supplies can be interpreted by a shell.
/// </summary>
/// <param name="Program">The executable's path, or a name looked up on PATH.</param>
/// <param name="Arguments">The arguments, each passed as is.</param>
public sealed record ExternalProcessRequest(string Program, IReadOnlyList<string> Arguments)
{
    /// <summary>Variables set in the child's environment on top of the process's.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Text written to the child's stdin, which is then closed; null leaves stdin unredirected (or empty for a run).</summary>
    public string? Input { get; init; }

    /// <summary>How long a run may take before the child (and its children) are killed; infinite by default.</summary>
    public TimeSpan Timeout { get; init; } = System.Threading.Timeout.InfiniteTimeSpan;

    /// <summary>
    /// How long output is still collected after the child exited; null reads its pipes to the end. Clipboard tools
    /// fork a child that keeps serving the selection with the pipes still open, so their runs end at the exit.
    /// </summary>
    public TimeSpan? PipeGrace { get; init; }

    /// <summary>The program's file name, as messages name it.</summary>
    public string Name => Path.GetFileName(Program);
}
