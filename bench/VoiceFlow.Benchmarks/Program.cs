using BenchmarkDotNet.Running;
using VoiceFlow.Benchmarks.PocketSphinx;
using VoiceFlow.Benchmarks.Whisper;

// Decoder step breakdown at context 1/64/220, greedy and batched beams: ... -- whisper-profile [model.bin] [--threads N] [--beams B]
if (args.Length > 0 && args[0] == "whisper-profile")
{
    return DecodeProfile.Run(args[1..]);
}

// The greedy f16 product kernels on one thread (logits shape and cache-resident): ... -- whisper-kernels [--passes N]
if (args.Length > 0 && args[0] == "whisper-kernels")
{
    return GreedyKernelBench.Run(args[1..]);
}

// Issue 12's job end to end (whole process vs whisper.cpp with WHISPER_CPP_CLI, and warm in-process stages):
// dotnet bench/VoiceFlow.Benchmarks/bin/Release/net10.0/VoiceFlow.Benchmarks.dll whisper-job [--runs 5] [--beams 1,5]
if (args.Length > 0 && args[0] == "whisper-job")
{
    return await WhisperJobBench.RunAsync(args[1..]);
}

// Whisper model report (one run, plain timings): dotnet run -c Release --project bench/VoiceFlow.Benchmarks -- whisper-model [model.bin ...] [--threads N]

if (args.Length > 0 && args[0] == "whisper-model")
{
    return WhisperModelReport.Run(args[1..]);
}

// Engine against Debian's own decoder: dotnet run -c Release --project bench/VoiceFlow.Benchmarks -- --pocketsphinx-vs-batch
if (args.Contains(PocketSphinxVsBatch.Flag))
{
    return await PocketSphinxVsBatch.RunAsync(args);
}

// End-to-end dictation latency over PulseAudio (scripts/bench-dictation starts the sound server):
// dotnet bench/VoiceFlow.Benchmarks/bin/Release/net10.0/VoiceFlow.Benchmarks.dll dictation-latency --cli voiceflow.dll ...
if (args.Length > 0 && args[0] == "dictation-latency" && OperatingSystem.IsLinux())
{
    return await VoiceFlow.Benchmarks.Dictation.DictationLatency.RunAsync(args[1..]);
}

// listen / /v1/stream finals, end of speech -> final, decoding during speech or not (in process, PocketSphinx):
// dotnet bench/VoiceFlow.Benchmarks/bin/Release/net10.0/VoiceFlow.Benchmarks.dll live-final-latency [--durations 3,10,30] [--repeats 3] [--json PATH]
if (args.Length > 0 && args[0] == "live-final-latency")
{
    return await VoiceFlow.Benchmarks.Dictation.LiveFinalLatency.RunAsync(args[1..]);
}

// Run a subset with: dotnet run -c Release --project bench/VoiceFlow.Benchmarks -- --filter '*Validation*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
