namespace VoiceFlow.Core.Errors;

/// <summary>How a command-line program reports a failure: one line on stderr and the exit code of its kind.</summary>
public static class FailureReport
{
    /// <summary>Writes <paramref name="exception"/> as <c>voiceflow: error: message</c> (its stack trace with <paramref name="verbose"/>) and returns the exit code.</summary>
    public static int Write(Exception exception, bool verbose, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(error);
        error.WriteLine($"voiceflow: error: {exception.Message}");
        if (verbose)
        {
            error.WriteLine(exception.ToString());
        }
        else if (exception is not VoiceFlowException)
        {
            error.WriteLine("(run with --verbose for details)");
        }

        return VoiceFlowErrorKinds.ExitCode(VoiceFlowErrorKinds.Of(exception));
    }

    /// <summary>Writes the line of a run stopped by Ctrl+C and returns its exit code.</summary>
    public static async Task<int> WriteCancelledAsync(TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        await error.WriteLineAsync("voiceflow: cancelled").ConfigureAwait(false);
        return VoiceFlowErrorKinds.ExitCode(VoiceFlowErrorKind.Cancelled);
    }
}
