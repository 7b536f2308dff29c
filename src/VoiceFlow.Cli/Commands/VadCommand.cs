using System.CommandLine;
using System.Globalization;
using System.Text;
using VoiceFlow.Cli.Configuration;
using VoiceFlow.Core.Audio;
using VoiceFlow.Core.Errors;
using VoiceFlow.Core.Vad;
using VoiceFlow.Core.Vad.Silero;

namespace VoiceFlow.Cli.Commands;

/// <summary><c>voiceflow vad FILE...</c>: the speech segments the voice activity detector finds, as text or JSON lines.</summary>
internal static class VadCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "Audio files: WAV, or anything ffmpeg decodes." };
        var detector = new Option<string?>("--detector") { Description = "Voice detector: auto (Silero when its model is installed), silero or energy (default: vad_detector)." };
        detector.AcceptOnlyFromAmong("auto", "silero", "energy");
        var model = new Option<string?>("--model") { Description = "Silero VAD ONNX file (default: vad_silero_model, else the installed vad_silero_version)." };
        var format = new Option<string>("--format", "-f") { Description = "txt: one segment per line (start and end in seconds); json: one object per file and line.", DefaultValueFactory = _ => "txt" };
        format.AcceptOnlyFromAmong("txt", "json");

        var command = new Command("vad", "Print the speech segments of audio files as the voice activity detector finds them.");
        command.Arguments.Add(files);
        command.Options.Add(detector);
        command.Options.Add(model);
        command.Options.Add(format);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var config = ConfigurationFlags.Resolve(parse, [.. ConfigurationFlags.Given(parse, detector, "vad_detector"), .. ConfigurationFlags.Given(parse, model, "vad_silero_model")]);
            using var host = CliHost.Create(parse, config);
            var speech = host.SpeechDetector;
            var inputs = parse.GetValue(files) ?? [];
            bool json = parse.GetValue(format) == "json";
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            int failures = 0;
            foreach (string file in inputs)
            {
                try
                {
                    var audio = await AudioFileLoader.LoadMono16kAsync(file, cancellationToken: cancellationToken).ConfigureAwait(false);
                    var samples = audio.Samples.Span;
                    // Silero: the network runs once; the segments come from the probabilities it prints.
                    float[] probabilities = speech is SileroSpeechDetector silero ? silero.Probabilities(samples) : [];
                    var segments = speech is SileroSpeechDetector fromProbabilities
                        ? fromProbabilities.Segments(probabilities, samples.Length)
                        : speech.Detect(samples);
                    await output.WriteAsync(json ? Json(file, speech, segments, probabilities) : Text(file, segments, inputs.Length > 1)).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is VoiceFlowException or IOException && inputs.Length > 1)
                {
                    failures++;
                    await error.WriteLineAsync($"voiceflow: error: {file}: {ex.Message}").ConfigureAwait(false);
                }
            }

            return failures == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>"start end" per segment, in seconds; with several files each line starts with the file.</summary>
    private static string Text(string file, IReadOnlyList<SampleRange> segments, bool nameFiles)
    {
        var text = new StringBuilder();
        foreach (var segment in segments)
        {
            if (nameFiles)
            {
                text.Append(file).Append('\t');
            }

            text.Append(CultureInfo.InvariantCulture, $"{Seconds(segment.Start):0.000}\t{Seconds(segment.End):0.000}\n");
        }

        if (segments.Count == 0 && nameFiles)
        {
            text.Append(file).Append("\t(no speech)\n");
        }

        return text.ToString();
    }

    private static string Json(string file, ISpeechDetector detector, IReadOnlyList<SampleRange> segments, float[] probabilities) => CliJson.Render(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("file", file);
        writer.WriteString("detector", detector.Name);
        if (detector.Model is { } model)
        {
            writer.WriteString("model", model);
        }
        else
        {
            writer.WriteNull("model");
        }

        writer.WriteStartArray("segments");
        foreach (var segment in segments)
        {
            writer.WriteStartObject();
            writer.WriteNumber("start", Math.Round(Seconds(segment.Start), 3));
            writer.WriteNumber("end", Math.Round(Seconds(segment.End), 3));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("probabilities");
        foreach (float probability in probabilities)
        {
            writer.WriteNumberValue(Math.Round(probability, 4));
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }, indented: false) + "\n";

    private static double Seconds(long sample) => sample / (double)AudioFormat.RecognizerSampleRate;
}
