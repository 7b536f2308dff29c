using System.CommandLine;
using VoiceFlow.Cli.Commands;
using VoiceFlow.Cli.Configuration;
using VoiceFlow.Core.Capture;
using VoiceFlow.Core.Delivery;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.History;
using VoiceFlow.Dictation;
using VoiceFlow.Hosting.Logging;

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

    /// <summary>Global flag: only warnings, errors and the command's results.</summary>
    public static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "Print only results, warnings and errors (no progress, status or information lines).",
        Recursive = true,
    };

    /// <summary>The log level and status-line policy this command line asks for (--verbose wins over --quiet).</summary>
    public static LogVerbosity VerbosityOf(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return parse.GetValue(Verbose) ? LogVerbosity.Verbose : parse.GetValue(Quiet) ? LogVerbosity.Quiet : LogVerbosity.Normal;
    }

    /// <summary>
    /// Where a command writes its progress and status lines (stderr): nowhere with --quiet. Results go to stdout and
    /// warnings and errors to stderr whatever the verbosity.
    /// </summary>
    public static TextWriter StatusOf(ParseResult parse) =>
        VerbosityOf(parse) == LogVerbosity.Quiet ? TextWriter.Null : parse.InvocationConfiguration.Error;

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("VoiceFlow: local, private speech-to-text. Nothing leaves this machine.");
        root.Options.Add(Verbose);
        root.Options.Add(Quiet);
        // One line per command family; each lives in Commands/.
        root.Subcommands.Add(TranscribeCommand.Create());
        root.Subcommands.Add(VadCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(QualityCommand.Create());
        root.Subcommands.Add(ModelsCommand.Create());
        ConfigCommand.AddTo(root);
        root.Subcommands.Add(CorpusCommand.Create());
        root.Subcommands.Add(InfoCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(DevicesCommand.Create());
        root.Subcommands.Add(ListenCommand.Create());
        if (OperatingSystem.IsLinux())
        {
            root.Subcommands.Add(DictateCommand.Create());
        }
        root.Subcommands.Add(HistoryCommand.Create());
        root.Subcommands.Add(CompletionCommand.Create());
        return root;
    }

    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>
    /// Runs one command line writing to <paramref name="output"/> and <paramref name="error"/>, reading configuration
    /// from <paramref name="environment"/> instead of the process's when given (how tests run the CLI in-process).
    /// Commands write through <c>parseResult.InvocationConfiguration.Output</c>/<c>.Error</c>.
    /// </summary>
    /// <param name="args">The command line.</param>
    /// <param name="output">Standard output of the run.</param>
    /// <param name="error">Standard error of the run.</param>
    /// <param name="environment">Variables to read configuration from; null for the process's.</param>
    /// <param name="cancellationToken">Stops the command as Ctrl+C does (tests use it to end <c>listen</c>).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        using var environmentScope = CliEnvironment.Use(environment);
        var root = BuildRoot();
        var parse = root.Parse(args);
        bool verbose = parse.GetValue(Verbose);
        if (UsageError.Of(parse) is { } usage)
        {
            // A mistyped command line is not a failure of the work: one line and where to read more, not a page of help.
            await error.WriteLineAsync(usage).ConfigureAwait(false);
            return UsageError.ExitCode;
        }

        try
        {
            var invocation = new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                Output = output,
                Error = error,
                // After Ctrl+C, listen still transcribes the last utterance (Whisper may need more than the default 2 s).
                ProcessTerminationTimeout = parse.CommandResult.Command.Name == "listen" ? ListenCommand.FlushTimeout : TimeSpan.FromSeconds(2),
            };
            if (parse.CommandResult.Command.Name == "serve")
            {
                // The server's console lifetime turns SIGTERM and Ctrl+C into its drain (503 + Retry-After for new work
                // while running requests finish, bounded by its own shutdown timeout); a 2 s kill would cut them off.
                invocation.ProcessTerminationTimeout = null;
            }

            if (OperatingSystem.IsLinux() && DictateDaemonCommand.IsDaemon(parse))
            {
                // The daemon finishes the dictation in flight on SIGTERM/Ctrl+C, however long its transcription takes.
                invocation.ProcessTerminationTimeout = null;
            }

            return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return await FailureReport.WriteCancelledAsync(error).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is VoiceFlowException or IOException or UnauthorizedAccessException)
        {
            return FailureReport.Write(ex, verbose, error);
        }
        catch (Exception ex) when (!verbose)
        {
            return FailureReport.Write(ex, verbose, error);
        }
    }
}
