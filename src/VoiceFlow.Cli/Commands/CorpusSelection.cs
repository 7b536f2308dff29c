using System.CommandLine;
using VoiceFlow.Evaluation.Benchmarking;
using VoiceFlow.Evaluation.Corpus;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Cli.Commands;

/// <summary>The <c>--corpus</c>, <c>--kinds</c> and <c>--limit</c> flags of <c>bench</c> and <c>quality</c>.</summary>
internal sealed class CorpusSelection(int defaultLimit)
{
    public Option<string?> Directory { get; } = new("--corpus") { Description = "Corpus cache folder (built with flite and sox on first use; default .cache/corpus)." };

    public Option<string[]> Kinds { get; } = new("--kinds")
    {
        Description = "Item kinds: clean, noisy, long, recorded.",
        DefaultValueFactory = _ => ["clean", "noisy", "recorded"],
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<int> Limit { get; } = new("--limit") { Description = "Use at most this many items, spread evenly over the corpus (0: all).", DefaultValueFactory = _ => defaultLimit };

    public void AddTo(Command command)
    {
        command.Options.Add(Directory);
        command.Options.Add(Kinds);
        command.Options.Add(Limit);
    }

    /// <summary>Builds (if needed) and loads the selected items.</summary>
    public IReadOnlyList<BenchItem> Load(ParseResult parse, CancellationToken cancellationToken)
    {
        var corpus = SpeechCorpus.EnsureBuilt(parse.GetValue(Directory), cancellationToken: cancellationToken);
        var kinds = (parse.GetValue(Kinds) ?? []).SelectMany(k => k.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(k => Enum.TryParse<CorpusItemKind>(k, ignoreCase: true, out var kind)
                ? kind
                : throw new ConfigurationException($"--kinds: unknown kind '{k}' (allowed: clean, noisy, long, recorded)"))
            .ToHashSet();
        var selected = corpus.Items.Where(i => kinds.Contains(i.Kind)).ToList();
        int limit = parse.GetValue(Limit);
        if (limit < 0)
        {
            throw new ConfigurationException($"--limit must be 0 or more, got {limit}");
        }

        if (limit > 0 && selected.Count > limit)
        {
            // Evenly spaced, so every kind and voice stays represented.
            double step = selected.Count / (double)limit;
            selected = [.. Enumerable.Range(0, limit).Select(i => selected[(int)(i * step)])];
        }

        if (selected.Count == 0)
        {
            throw new VoiceFlowException($"no corpus items of kinds {string.Join(", ", kinds)} in {corpus.Directory}");
        }

        return [.. selected.Select(i => new BenchItem(i.Id, i.LoadSamples(), i.ReferenceText))];
    }
}
