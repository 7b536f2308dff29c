using System.CommandLine;
using System.Globalization;
using VoiceFlow.Cli.Configuration;
using VoiceFlow.Desktop;
using VoiceFlow.Core.Capture;
using VoiceFlow.Core.Monitoring;
using VoiceFlow.Core.Streaming;
using VoiceFlow.Core.Transcription;

namespace VoiceFlow.Cli.Commands;

/// <summary>
/// <c>voiceflow listen</c>: continuous dictation from the microphone. Utterances end at a pause and are printed (and
/// delivered to --output) as they finish; on a terminal the hypothesis of the utterance in progress is shown while
/// speaking. Ctrl+C stops capture and still transcribes the last utterance.
/// </summary>
internal static class ListenCommand
{
    /// <summary>How long the process waits after Ctrl+C for the last utterance to be transcribed.</summary>
    public static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var engine = new EngineFlags();
        var capture = new CaptureFlags();
        var output = new Option<string?>("--output", "-o") { Description = "Also deliver each utterance to: stdout (only print), clipboard, type (into the focused window) or file (output_file).", HelpName = "TARGET" };
        output.AcceptOnlyFromAmong([.. TextOutputs.Names]);

        var command = new Command("listen", "Continuous dictation from the microphone: each utterance is transcribed when you pause (Ctrl+C to stop).");
        capture.AddTo(command);
        engine.AddTo(command);
        command.Options.Add(output);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var config = ConfigurationFlags.Resolve(parse, [.. engine.Overrides(parse), .. capture.Overrides(parse), .. ConfigurationFlags.Given(parse, output, "output")]);
            var options = config.Options;
            var liveOptions = LiveTranscriberOptions.From(options);
            liveOptions = liveOptions with { Job = liveOptions.Job with { Engine = engine.TranscriptionOptions(parse, options) } };
            var delivery = options.Output == "stdout" ? null : TextOutputs.Create(options);
            var stdout = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;

            // The microphone first: a wrong source or a missing server fails before the model loads.
            var request = CaptureFlags.Request(options);
            using var microphone = new CaptureLoop(CaptureFlags.Provider(options), request);
            microphone.Open();
            microphone.ConnectionChanged += (_, change) => error.WriteLine(change.Connected
                ? string.Create(CultureInfo.InvariantCulture, $"voiceflow: capture restored after {change.Outage.TotalSeconds:0.0} s")
                : $"voiceflow: {change.Error?.Message}; reconnecting...");

            await using var factory = await CliEngines.Create(options).LoadAsync(options.Engine, options.Model, cancellationToken).ConfigureAwait(false);
            await using var service = new TranscriptionService(factory, options, new PerformanceMonitor());
            await using var live = new LiveTranscriber(service, liveOptions);
            await error.WriteLineAsync($"listening to {microphone.SourceName} with {factory.EngineName}; pause to end an utterance, Ctrl+C to stop").ConfigureAwait(false);

            using var stopCapture = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var pump = PumpAsync();
            bool terminal = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
            var display = new LiveDisplay(stdout, terminal, delivery, options.AppendTrailingSpace);
            try
            {
                // Not cancelled by Ctrl+C: that only stops capture; the last utterance is still transcribed and shown.
                await foreach (var transcript in live.ReadEventsAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    await display.ShowAsync(transcript, CancellationToken.None).ConfigureAwait(false);
                }
            }
            finally
            {
                await display.ClearPartialAsync().ConfigureAwait(false);
                await stopCapture.CancelAsync().ConfigureAwait(false);
                await pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            await pump.ConfigureAwait(false);
            return 0;

            // Ctrl+C stops capture; the stream is then completed so the last utterance is still transcribed.
            async Task PumpAsync()
            {
                try
                {
                    await microphone.RunAsync(live.Feed, stopCapture.Token).ConfigureAwait(false);
                }
                finally
                {
                    live.Complete();
                }
            }
        });
        return command;
    }
}
