using System.CommandLine;
using System.Globalization;
using VoiceFlow.Evaluation.Corpus;

namespace VoiceFlow.Cli.Commands;

/// <summary><c>voiceflow corpus build</c>: synthesise the test and benchmark speech corpus.</summary>
internal static class CorpusCommand
{
    public static Command Create()
    {
        var dir = new Option<string?>("--dir") { Description = $"Cache folder (default: ${SpeechCorpus.DirectoryVariable} or <repo>/.cache/corpus)." };
        var sentences = new Option<string?>("--sentences") { Description = "Sentence list (default: <repo>/corpus/sentences.txt)." };
        var build = new Command("build", "Synthesise the corpus with flite and sox (only when the sentences or voices changed).");
        build.Options.Add(dir);
        build.Options.Add(sentences);
        build.SetAction((parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var corpus = SpeechCorpus.EnsureBuilt(parse.GetValue(dir), parse.GetValue(sentences), cancellationToken: cancellationToken);
            output.WriteLine(corpus.WasBuilt ? $"built {corpus.Directory}" : $"up to date: {corpus.Directory}");
            foreach (var kind in Enum.GetValues<CorpusItemKind>())
            {
                var items = corpus.OfKind(kind).ToList();
                double seconds = items.Sum(i => i.DurationSeconds);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kind.ToString().ToLowerInvariant(),-9} {items.Count,3} items {seconds,8:0.0} s"));
            }

            return Task.FromResult(0);
        });

        var command = new Command("corpus", "The synthesised speech corpus used by tests and benchmarks.");
        command.Subcommands.Add(build);
        return command;
    }
}
