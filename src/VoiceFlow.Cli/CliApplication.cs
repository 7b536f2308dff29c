using System.CommandLine;
using VoiceFlow.Cli.Commands;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Cli;

/// <summary>Builds the command tree and maps failures to one-line messages and exit codes.</summary>
internal static class CliApplication
{
    /// <summary>Global flag: print stack traces and debug logs.</summary>
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Print debug logs and full error details to stderr.",
        Recursive = true,
    };

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("VoiceFlow: local, private speech-to-text. Nothing leaves this machine.");
        root.Options.Add(Verbose);
        // One line per command family; each lives in Commands/.
        root.Subcommands.Add(ModelsCommand.Create());
        root.Subcommands.Add(InfoCommand.Create());
        root.Subcommands.Add(CorpusCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var root = BuildRoot();
        var parse = root.Parse(args);
        bool verbose = parse.GetValue(Verbose);
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("voiceflow: cancelled").ConfigureAwait(false);
            return 130;
        }
        catch (Exception ex) when (ex is VoiceFlowException or IOException or UnauthorizedAccessException)
        {
            return ReportFailure(ex, verbose);
        }
        catch (Exception ex) when (!verbose)
        {
            return ReportFailure(ex, verbose);
        }
    }

    private static int ReportFailure(Exception ex, bool verbose)
    {
        Console.Error.WriteLine($"voiceflow: error: {ex.Message}");
        if (verbose)
        {
            Console.Error.WriteLine(ex.ToString());
        }
        else if (ex is not VoiceFlowException)
        {
            Console.Error.WriteLine("(run with --verbose for details)");
        }

        return ex switch
        {
            ConfigurationException => 3,
            AudioFormatException or AudioValidationException => 4,
            EngineException => 5,
            EngineBusyException => 6,
            _ => 1,
        };
    }
}
