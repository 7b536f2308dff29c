using System.CommandLine;
using System.Globalization;
using VoiceFlow.Cli.Configuration;
using VoiceFlow.Desktop;
using VoiceFlow.Core.Capture;
using VoiceFlow.Core.Streaming;

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
            using var host = CliHost.Create(parse, config);
            var liveOptions = host.ListenOptions(engine.TranscriptionOptions(parse, host.Components.Decoding));
            // stdout is where listen prints every final anyway; any other output also gets each one.
            var delivery = host.Components.Delivery.Output == "stdout" ? null : host.CreateTextOutput();
            var stdout = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;

            // The microphone first: a wrong source or a missing server fails before the model loads.
            // 100 ms blocks (what the live transcriber analyses per step) with 20 ms fragments from the server.
            var request = host.CaptureRequest("VoiceFlow listen") with { BlockSamples = 1600 };
            using var microphone = new CaptureLoop(host.CreateCaptureProvider(), request);
            microphone.Open();
            microphone.ConnectionChanged += (_, change) => error.WriteLine(change.Connected
                ? string.Create(CultureInfo.InvariantCulture, $"voiceflow: capture restored after {change.Outage.TotalSeconds:0.0} s")
                : $"voiceflow: {change.Error?.Message}; reconnecting...");

            await using var factory = await host.LoadEngineAsync(cancellationToken).ConfigureAwait(false);
            await using var service = host.CreateService(factory);
            await using var live = new LiveTranscriber(service, liveOptions);
            await CliApplication.StatusOf(parse).WriteLineAsync($"listening to {microphone.SourceName} with {factory.EngineName}; pause to end an utterance, Ctrl+C to stop").ConfigureAwait(false);

            using var stopCapture = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var pump = PumpAsync();
            bool terminal = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
            var display = new LiveDisplay(stdout, terminal, delivery);
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
