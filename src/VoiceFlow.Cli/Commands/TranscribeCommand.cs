using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using VoiceFlow.Cli.Configuration;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.PostProcessing;
using VoiceFlow.Core.Transcription;
using VoiceFlow.Core.Transcripts;
using VoiceFlow.Hosting.Logging;

namespace VoiceFlow.Cli.Commands;

/// <summary><c>voiceflow transcribe FILE...</c>: files in, transcripts out; the model is loaded once for all files.</summary>
internal static class TranscribeCommand
{
    /// <summary>Files at least this long get a progress bar on a terminal.</summary>
    private static readonly TimeSpan ProgressThreshold = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "Audio files: WAV, or anything ffmpeg decodes (flac, mp3, ogg, m4a, webm)." };
        var flags = new EngineFlags();
        var task = new WhisperTaskFlags();
        var format = new Option<string>("--format", "-f") { Description = "Output format: txt, json, srt or vtt.", DefaultValueFactory = _ => "txt" };
        // "--fromat" is not a file name the user meant: a word that looks like an option and names no file is a usage error.
        files.Validators.Add(result =>
        {
            foreach (string value in result.Tokens.Select(t => t.Value))
            {
                if (value.StartsWith('-') && value.Length > 1 && !File.Exists(value))
                {
                    result.AddError($"Unrecognized option '{value}'.");
                    return;
                }
            }
        });
        format.AcceptOnlyFromAmong([.. TranscriptWriters.All.Select(w => w.Format)]);
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file (one input) or folder (several inputs) instead of stdout." };
        var wordsPerCue = new Option<int?>("--max-words-per-cue") { Description = "Subtitles (srt, vtt): most words per cue; 1 gives a cue per word (Whisper: with --word-timestamps). Same as subtitle_max_words." };
        var raw = new Option<bool>("--raw") { Description = "Print the engine's text as is: no clean-up (capitalisation, fillers, contractions) and no hallucination filter." };

        var command = new Command("transcribe", "Transcribe audio files with a local engine.");
        command.Arguments.Add(files);
        flags.AddTo(command);
        task.AddTo(command);
        command.Options.Add(format);
        command.Options.Add(output);
        command.Options.Add(wordsPerCue);
        command.Options.Add(raw);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var config = ConfigurationFlags.Resolve(parse, [.. flags.Overrides(parse), .. task.Overrides(parse), .. ConfigurationFlags.Given(parse, wordsPerCue, "subtitle_max_words")]);
            using var host = CliHost.Create(parse, config);
            var inputs = parse.GetValue(files) ?? [];
            var writer = TranscriptWriters.For(parse.GetValue(format) ?? "txt", host.Components.Subtitles);
            var destination = OutputDestination.For(parse.GetValue(output), inputs, writer.Format);
            if (writer is JsonTranscriptWriter && inputs.Length > 1 && parse.GetValue(output) is null)
            {
                // Several results on stdout: JSON Lines (one object per line), which jq and every JSON Lines reader take.
                writer = JsonTranscriptWriter.Lines;
            }
            var job = new TranscriptionJobOptions
            {
                Engine = flags.TranscriptionOptions(parse, host.Components.Decoding),
                PostProcessing = parse.GetValue(raw) ? PostProcessingOptions.None : host.Components.PostProcessing,
                Unfiltered = parse.GetValue(raw),
            };

            var error = parse.InvocationConfiguration.Error;
            var status = CliApplication.StatusOf(parse);
            await using var factory = await host.LoadEngineAsync(cancellationToken).ConfigureAwait(false);
            await using var service = host.CreateService(factory);
            var history = new TranscriptionHistory(host, error);
            int failures = 0;
            try
            {
                foreach (string file in inputs)
                {
                    try
                    {
                        var result = await TranscribeOneAsync(service, file, job, error, cancellationToken).ConfigureAwait(false);
                        destination.Write(file, writer, result.ToTranscript(), parse.InvocationConfiguration.Output);
                        history.Enqueue(result with { Source = Path.GetFullPath(file) });
                        if (CliApplication.VerbosityOf(parse) == LogVerbosity.Verbose)
                        {
                            foreach (var removal in result.Removed)
                            {
                                await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                                    $"voiceflow: {file} {removal.Start.TotalSeconds:0.00}-{removal.End.TotalSeconds:0.00} s: the filter removed \"{removal.Text}\" ({removal.Reason}){(removal.Kept.Length > 0 ? $", kept \"{removal.Kept}\"" : "")}")).ConfigureAwait(false);
                            }
                        }
                        await status.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                            $"[{result.Engine}] {file}: {result.AudioDuration.TotalSeconds:0.00} s of audio in {result.ProcessingTime.TotalSeconds:0.000} s ({result.SpeedFactor:0.0}x realtime){DetectedLanguageNote(result)}")).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is VoiceFlowException or IOException && inputs.Length > 1)
                    {
                        // One bad file must not cost the transcripts of the others.
                        failures++;
                        string message = ex.Message.StartsWith(file, StringComparison.Ordinal) ? ex.Message : $"{file}: {ex.Message}";
                        await error.WriteLineAsync($"voiceflow: error: {message}").ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                await history.CompleteAsync().ConfigureAwait(false);
            }

            return failures == 0 ? 0 : 1;
        });
        return command;
    }

    private static async Task<TranscriptionResult> TranscribeOneAsync(TranscriptionService service, string file, TranscriptionJobOptions job, TextWriter error, CancellationToken cancellationToken)
    {
        bool showProgress = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected && IsLong(file);
        if (!showProgress)
        {
            return await service.TranscribeFileAsync(file, job, cancellationToken).ConfigureAwait(false);
        }

        var console = CliConsole.For(Console.Error);
        TranscriptionResult? result = null;
        await console.Progress().AutoClear(true).StartAsync(async context =>
        {
            var task = context.AddTask(Path.GetFileName(file), maxValue: 1);
            result = await service.TranscribeFileAsync(file, job with { Progress = new Progress<double>(p => task.Value = p) }, cancellationToken).ConfigureAwait(false);
            task.Value = 1;
        }).ConfigureAwait(false);
        return result!;
    }

    /// <summary>", detected language de (p = 0.97)" when the engine detected the language, else nothing.</summary>
    private static string DetectedLanguageNote(TranscriptionResult result) =>
        float.IsNaN(result.LanguageProbability)
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $", detected language {result.Language} (p = {result.LanguageProbability:0.00})");

    /// <summary>A rough size test (16 kHz 16-bit WAV ≈ 32 kB/s; compressed files are shorter per byte, so this errs towards no bar).</summary>
    private static bool IsLong(string file)
    {
        try
        {
            return new FileInfo(file).Length > ProgressThreshold.TotalSeconds * 32_000;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
