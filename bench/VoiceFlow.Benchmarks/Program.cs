using BenchmarkDotNet.Running;

// Run a subset with: dotnet run -c Release --project bench/VoiceFlow.Benchmarks -- --filter '*Validation*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
