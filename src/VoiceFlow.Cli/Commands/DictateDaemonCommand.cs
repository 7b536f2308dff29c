using System.CommandLine;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using VoiceFlow.Cli.Configuration;
using VoiceFlow.Desktop;
using VoiceFlow.History.Sqlite;
using VoiceFlow.Core.Monitoring;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Dictation;
using VoiceFlow.Dictation.Daemon;
using VoiceFlow.Dictation.Ipc;
using VoiceFlow.PulseAudio;

namespace VoiceFlow.Cli.Commands;

/// <summary><c>voiceflow dictate daemon</c>: loads the model, opens the capture and serves the dictation socket until shutdown, SIGTERM or Ctrl+C.</summary>
[SupportedOSPlatform("linux")]
internal static class DictateDaemonCommand
{
    public const string Name = "daemon";

    public static Command Create()
    {
        var flags = new EngineFlags();
        var source = new Option<string?>("--source") { Description = "Capture source (see `voiceflow devices`); default: the sound server's default source.", HelpName = "NAME" };
        var output = new Option<string?>("--output", "-o") { Description = "Where text goes: stdout, clipboard, type or file (default: the output setting)." };
        output.AcceptOnlyFromAmong([.. TextOutputs.Names]);

        var command = new Command(Name, "Run the dictation daemon: the model stays loaded and the microphone's pre-roll keeps running.");
        flags.AddTo(command);
        command.Options.Add(source);
        command.Options.Add(output);
        command.SetAction(async (parse, _) =>
        {
            var config = ConfigurationFlags.Resolve(parse, [.. flags.Overrides(parse), .. ConfigurationFlags.Given(parse, output, "output")]);
            var options = config.Options;
            var paths = DictationPaths.FromEnvironment(DictateCommand.Lookup);
            // Fail before the model load when a daemon already runs.
            await DictationServer.ThrowIfRunningAsync(paths).ConfigureAwait(false);

            using var logging = LoggerFactory.Create(builder => builder
                .SetMinimumLevel(parse.GetValue(CliApplication.Verbose) ? LogLevel.Debug : LogLevel.Information)
                // Logs on stderr: stdout is where the stdout output delivers text.
                .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
                .AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = "HH:mm:ss ";
                }));
            var logger = logging.CreateLogger("voiceflow.dictation");

            var textOutput = TextOutputs.Create(options, parse.InvocationConfiguration.Output);
            // History off: nothing stored (docs/dictation.md says what happens to pending recordings then).
            using var history = options.HistoryEnabled ? SqliteHistoryStore.OpenDefault(CliEnvironment.Variables) : null;
            // libpulse finds the server itself (PULSE_SERVER, the session's); the daemon reopens it when it returns.
            var capture = new PulseAudioCaptureProvider();
            await using var factory = await CliEngines.Create(options).LoadAsync(options.Engine, options.Model, CancellationToken.None).ConfigureAwait(false);
            await using var service = new TranscriptionService(factory, options, new PerformanceMonitor(), logger: logger);
            var daemonOptions = DictationDaemonOptions.From(options, paths, parse.GetValue(source), flags.TranscriptionOptions(parse, options));
            await using var daemon = new DictationDaemon(service, capture, textOutput, history, daemonOptions, logger);
            await using var server = await DictationServer.StartAsync(daemon, paths, logger).ConfigureAwait(false);
            daemon.Start();
            logger.LogInformation("ready: {Engine} ({Model}), output {Output}, pid {Pid}", factory.EngineName, factory.ModelName, textOutput.Name, Environment.ProcessId);

            // SIGTERM and Ctrl+C finish the dictation in flight, however long its transcription takes.
            using var stop = new CancellationTokenSource();
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            await server.RunUntilShutdownAsync(stop.Token).ConfigureAwait(false);
            return 0;

            void Stop(PosixSignalContext context)
            {
                context.Cancel = true;
                logger.LogInformation("{Signal}: finishing the dictation in flight, then exiting", context.Signal);
                stop.Cancel();
            }
        });
        return command;
    }

    /// <summary>True when <paramref name="parse"/> runs the daemon, which handles SIGTERM/SIGINT itself (no 2 s termination timeout).</summary>
    public static bool IsDaemon(ParseResult parse) =>
        parse.CommandResult.Command.Name == Name && parse.CommandResult.Parent is System.CommandLine.Parsing.CommandResult { Command.Name: "dictate" };
}
