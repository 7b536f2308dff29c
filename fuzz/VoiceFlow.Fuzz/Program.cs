using System.Globalization;
using SharpFuzz;
using VoiceFlow.Core.Errors;
using VoiceFlow.Fuzz;

// voiceflow-fuzz seeds DIR                        write the seed corpus (the bad-input matrix, small)
// voiceflow-fuzz afl wav|ggml                     run under afl-fuzz (SharpFuzz out-of-process loop)
// voiceflow-fuzz random wav|ggml SECONDS SEEDS FINDINGS   uninstrumented random mutation, in-process
// voiceflow-fuzz replay wav|ggml FILE...          run inputs once and print what escapes (to triage a finding)
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: VoiceFlow.Fuzz seeds DIR | afl TARGET | random TARGET SECONDS SEEDS FINDINGS | replay TARGET FILE...");
    return 2;
}

string scratch = FuzzTargets.ScratchPath();
Func<Stream, string?> target = args[1] switch
{
    "wav" => FuzzTargets.Wav,
    "ggml" => input => FuzzTargets.Ggml(input, scratch),
    _ when args[0] == "seeds" => _ => null,
    _ => throw new ConfigurationException($"unknown fuzz target {args[1]} (allowed: wav, ggml)"),
};

try
{
    switch (args[0])
    {
        case "seeds":
            SeedWriter.Write(args[1]);
            return 0;
        case "afl":
            Fuzzer.OutOfProcess.Run(input => target(input));
            return 0;
        case "random":
            var seeds = Directory.GetFiles(args[3]).Select(File.ReadAllBytes).ToList();
            var findings = Directory.CreateDirectory(args[4]).FullName;
            var fuzzer = new RandomMutationFuzzer(input => target(input), seeds, findings, seed: Environment.ProcessId);
            var (executions, found) = fuzzer.Run(TimeSpan.FromSeconds(double.Parse(args[2], CultureInfo.InvariantCulture)));
            Console.WriteLine($"{args[1]}: {executions} executions, {found} findings, {seeds.Count} seeds");
            return found == 0 ? 0 : 1;
        case "replay":
            foreach (string file in args.Skip(2))
            {
                using var input = File.OpenRead(file);
                Console.WriteLine($"{file}: {target(input) ?? "accepted"}");
            }

            return 0;
        default:
            Console.Error.WriteLine($"unknown command {args[0]}");
            return 2;
    }
}
finally
{
    File.Delete(scratch);
}
