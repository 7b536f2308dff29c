using System.CommandLine;
using System.Runtime.Intrinsics.X86;

namespace VoiceFlow.Cli.Commands;

/// <summary><c>voiceflow info</c>: what this machine offers VoiceFlow (SIMD, cores, runtime).</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Show the runtime, CPU features and cores VoiceFlow will use.");
        command.SetAction(_ =>
        {
            Console.WriteLine($"runtime: .NET {Environment.Version}");
            Console.WriteLine($"cores: {Environment.ProcessorCount}");
            Console.WriteLine($"avx2: {Avx2.IsSupported}, fma: {Fma.IsSupported}, avx512f: {Avx512F.IsSupported}");
            return 0;
        });
        return command;
    }
}
