using System.Globalization;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Evaluation.Corpus;
using VoiceFlow.Core.Transcription;
using VoiceFlow.PocketSphinx;
using VoiceFlow.Soak;

// VoiceFlow.Soak [--count N] [--every M]: N dictations (default 5000), a checkpoint every M (default 500).
int count = 5000, every = 500;
for (int a = 0; a + 1 < args.Length; a += 2)
{
    switch (args[a])
    {
        case "--count": count = int.Parse(args[a + 1], CultureInfo.InvariantCulture); break;
        case "--every": every = int.Parse(args[a + 1], CultureInfo.InvariantCulture); break;
        default: Console.Error.WriteLine($"unknown argument {args[a]}"); return 2;
    }
}

var corpus = SpeechCorpus.EnsureBuilt();
var sentences = corpus.OfKind(CorpusItemKind.Clean).Take(24).Select(i => (i.LoadSamples(), i.ReferenceText)).ToList();
var options = new VoiceFlowOptions();
await using var factory = PocketSphinxEngineFactory.Load();
await using var service = new TranscriptionService(factory, options);
Console.WriteLine($"soak: {count} dictations (speech and silence alternating, {sentences.Count} sentences), PocketSphinx, checkpoint every {every}");
var report = await new SoakRunner(service, options, sentences).RunAsync(count, every, c => Console.WriteLine(c), CancellationToken.None);
foreach (string line in report.Summary())
    Console.WriteLine(line);
return report.Passed ? 0 : 1;
