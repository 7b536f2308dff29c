using VoiceFlow.Core.Errors;
using VoiceFlow.Core.Processes;

namespace VoiceFlow.Evaluation.Corpus;

/// <summary>Runs a command-line tool (flite, sox) and turns every failure into a one-line error.</summary>
internal static class ExternalTool
{
    /// <summary>Runs <paramref name="tool"/> with <paramref name="arguments"/> and waits for it; throws on a non-zero exit.</summary>
    /// <param name="tool">Program name looked up on PATH.</param>
    /// <param name="debianPackage">The package that provides it, named in the error when it is missing.</param>
    /// <param name="arguments">Arguments, passed without shell interpretation.</param>
    /// <param name="cancellationToken">Kills the tool when cancelled.</param>
    public static void Run(string tool, string debianPackage, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        ExternalProcessResult result;
        try
        {
            result = ExternalProcess.Run(new ExternalProcessRequest(tool, arguments), cancellationToken);
        }
        catch (ExternalProcessException ex) when (ex.Failure == ExternalProcessFailure.NotStarted)
        {
            throw new VoiceFlowException($"{tool} not found on PATH: install the Debian package '{debianPackage}'", ex);
        }

        if (result.ExitCode != 0)
        {
            throw new VoiceFlowException($"{tool} {string.Join(' ', arguments)} failed with exit code {result.ExitCode}: {result.FirstErrorLine}");
        }
    }
}
