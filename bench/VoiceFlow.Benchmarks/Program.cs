using BenchmarkDotNet.Running;
using VoiceFlow.Benchmarks.PocketSphinx;

// Run a subset with: dotnet run -c Release --project bench/VoiceFlow.Benchmarks -- --filter '*Validation*'
// Engine against Debian's own decoder: dotnet run -c Release --project bench/VoiceFlow.Benchmarks -- --pocketsphinx-vs-batch
if (args.Contains(PocketSphinxVsBatch.Flag))
{
    return await PocketSphinxVsBatch.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
