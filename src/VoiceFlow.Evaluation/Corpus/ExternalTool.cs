using System.ComponentModel;
using System.Diagnostics;
using VoiceFlow.Core.Errors;

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
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new VoiceFlowException($"{tool}: could not be started");
        }
        catch (Win32Exception ex)
        {
            throw new VoiceFlowException($"{tool} not found on PATH: install the Debian package '{debianPackage}'", ex);
        }

        using (process)
        {
            // Read both pipes concurrently so a chatty tool cannot block on a full pipe.
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            using (cancellationToken.Register(() => Kill(process)))
            {
                process.WaitForExit();
            }

            cancellationToken.ThrowIfCancellationRequested();
            string error = stderr.GetAwaiter().GetResult();
            _ = stdout.GetAwaiter().GetResult();
            if (process.ExitCode != 0)
            {
                string firstLine = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";
                throw new VoiceFlowException($"{tool} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {firstLine}");
            }
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
