namespace VoiceFlow.Cli.Tests;

/// <summary>Runs the CLI in-process with stdout and stderr captured. Console is global: use only in the "Console" collection.</summary>
internal static class ConsoleCapture
{
    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        var originalOut = Console.Out;
        var originalError = Console.Error;
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            int code = await CliApplication.RunAsync(args);
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }
}

[CollectionDefinition("Console", DisableParallelization = true)]
public sealed class ConsoleCollection;
