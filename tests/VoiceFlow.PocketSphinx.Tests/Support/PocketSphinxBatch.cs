using System.Diagnostics;

namespace VoiceFlow.PocketSphinx.Tests.Support;

/// <summary>Runs Debian's <c>pocketsphinx_batch</c> on WAV files with a control file, as the reference recogniser.</summary>
internal static class PocketSphinxBatch
{
    public const string Executable = "pocketsphinx_batch";

    public static bool IsInstalled() =>
        Environment.GetEnvironmentVariable("PATH")?.Split(':').Any(dir => File.Exists(Path.Combine(dir, Executable))) == true;

    /// <summary>Decodes <paramref name="utterances"/> (all in one folder) and returns id → hypothesis.</summary>
    /// <param name="utterances">WAV files with a 44-byte header (skipped with -adchdr 44, else it is decoded as audio).</param>
    /// <param name="extraArguments">Search options, e.g. <c>-lm file</c> or <c>-jsgf file</c>.</param>
    public static async Task<IReadOnlyDictionary<string, string>> RunAsync(
        IReadOnlyList<Utterance> utterances, IReadOnlyList<string> extraArguments, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("voiceflow-psbatch-");
        try
        {
            var ctl = Path.Combine(work.FullName, "utts.ctl");
            var hyp = Path.Combine(work.FullName, "out.hyp");
            await File.WriteAllLinesAsync(ctl, utterances.Select(u => u.Id), cancellationToken);
            var model = PocketSphinxOptions.DefaultModelDirectory;
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var arg in (string[])[
                "-adcin", "yes", "-adchdr", "44", "-cepext", ".wav",
                "-cepdir", Path.GetDirectoryName(utterances[0].AudioPath)!, "-ctl", ctl, "-hyp", hyp,
                "-hmm", Path.Combine(model, "en-us"), "-dict", Path.Combine(model, "cmudict-en-us.dict"),
                "-logfn", Path.Combine(work.FullName, "log.txt"),
            ])
            {
                start.ArgumentList.Add(arg);
            }

            foreach (var arg in extraArguments)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            Assert.True(process.ExitCode == 0, $"pocketsphinx_batch failed ({process.ExitCode}): {await stderr}{await stdout}");

            // Lines are "words (id score)".
            return File.ReadLines(hyp).ToDictionary(
                line => line[(line.LastIndexOf('(') + 1)..].Split(' ')[0],
                line => line[..line.LastIndexOf('(')].Trim(),
                StringComparer.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
