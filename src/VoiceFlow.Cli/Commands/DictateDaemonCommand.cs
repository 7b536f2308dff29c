using System.CommandLine;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using VoiceFlow.Core.Delivery;
using VoiceFlow.Cli.Configuration;
using VoiceFlow.Desktop;
using VoiceFlow.Dictation;
using VoiceFlow.Dictation.Daemon;
using VoiceFlow.Dictation.Ipc;

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
            var config = ConfigurationFlags.Resolve(parse,
                [.. flags.Overrides(parse), .. ConfigurationFlags.Given(parse, source, "capture_source"), .. ConfigurationFlags.Given(parse, output, "output")]);
            var paths = DictationPaths.FromEnvironment(DictateCommand.Lookup);
            // Fail before the model load when a daemon already runs.
            await DictationServer.ThrowIfRunningAsync(paths).ConfigureAwait(false);

            using var host = CliHost.Create(parse, config);
            var logger = host.LoggerFactory.CreateLogger("voiceflow.dictation");
            var textOutput = host.CreateTextOutput();
            // Before the model loads and anyone speaks: a desktop where the output cannot work is an error now, naming
            // what to install or enable, not a failure after the first dictation.
            var readiness = await textOutput.CheckAsync(CancellationToken.None).ConfigureAwait(false);
            if (!readiness.IsReady)
            {
                throw new TextOutputException(readiness.Description);
            }

            // History off: nothing stored (docs/dictation.md says what happens to pending recordings then).
            var history = host.OpenHistory(parse.InvocationConfiguration.Error);
            // capture_source and pulse_server from the configuration; the daemon reopens the capture when the server returns.
            var capture = host.CreateCaptureProvider();
            var daemonOptions = host.DaemonOptions(paths, flags.TranscriptionOptions(parse, host.Components.Decoding));
            // What the daemon holds without a model: the figure an idle unload should come back to (docs/PERFORMANCE.md).
            logger.LogDebug("resident memory before the model loads: {Megabytes} MB", Environment.WorkingSet / (1024 * 1024));
            // Loaded now, so the first dictation is as fast as the next; released after model_idle_unload_seconds idle.
            await using var model = await DictationModel.LoadAsync(
                async ct =>
                {
                    var factory = await host.LoadEngineAsync(ct).ConfigureAwait(false);
                    return new LoadedModel(host.CreateService(factory), factory);
                },
                daemonOptions.ModelIdleUnload, logger).ConfigureAwait(false);
            await using var daemon = new DictationDaemon(model, capture, textOutput, history, daemonOptions, logger) { OutputMethod = readiness.Description };
            // Before the socket answers: the first dictation must not pay for compiling and first-use allocations.
            await daemon.WarmAsync().ConfigureAwait(false);
            await using var server = await DictationServer.StartAsync(daemon, paths, logger).ConfigureAwait(false);
            daemon.Start();
            logger.LogInformation("ready: {Engine} ({Model}), output {Output} ({Method}), pid {Pid}", model.EngineName, model.ModelName, textOutput.Name, readiness.Description, Environment.ProcessId);

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
