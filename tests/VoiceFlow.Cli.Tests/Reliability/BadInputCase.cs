namespace VoiceFlow.Cli.Tests.Reliability;

/// <summary>What the CLI must do with one generated input file.</summary>
/// <param name="Name">Short description, also the file's base name.</param>
/// <param name="Path">Where the generator wrote it.</param>
/// <param name="ExitCode">Expected exit code: 0, or the documented code (4 audio, 5 engine).</param>
/// <param name="Expect">For exit 0: what is said (the transcript must match it, or be empty when this is); otherwise a fragment of the error line.</param>
/// <param name="ClaimsMoreThanItHolds">The header claims far more data than the file holds: memory use is measured.</param>
public sealed record BadInputCase(string Name, string Path, int ExitCode, string Expect, bool ClaimsMoreThanItHolds = false)
{
    /// <summary>True when the input is valid (or repairable) and must be transcribed.</summary>
    public bool IsValid => ExitCode == 0;

    /// <inheritdoc/>
    public override string ToString() => Name;
}
