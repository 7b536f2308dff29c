using System.Buffers.Binary;
using System.Diagnostics;

namespace VoiceFlow.Fuzz;

/// <summary>
/// A fuzzer without coverage feedback, for machines where AFL++ cannot run: mutates the seeds at random
/// (bit flips, interesting integers at header-like offsets, cuts, splices) and runs the target in-process,
/// saving any input that throws something other than a VoiceFlowException or runs longer than the hang bound.
/// </summary>
internal sealed class RandomMutationFuzzer(Action<Stream> target, IReadOnlyList<byte[]> seeds, string findings, int seed)
{
    private static readonly int[] Interesting = [0, 1, -1, 2, 16, 255, 256, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 1 << 24, int.MaxValue, int.MinValue, 0x7FFFFFFE];
    private static readonly TimeSpan HangBound = TimeSpan.FromSeconds(5);

    private readonly Random _random = new(seed);

    public (long Executions, int Findings) Run(TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        long executions = 0;
        int found = 0;
        while (clock.Elapsed < duration)
        {
            byte[] input = Mutate(seeds[_random.Next(seeds.Count)]);
            var one = Stopwatch.StartNew();
            try
            {
                target(new MemoryStream(input, writable: false));
            }
#pragma warning disable CA1031 // Any exception that escapes the target is exactly what a fuzzer looks for.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                found++;
                Save(input, "crash", exception.GetType().Name + ": " + exception.Message);
            }

            if (one.Elapsed > HangBound)
            {
                found++;
                Save(input, "hang", $"{one.Elapsed.TotalSeconds:0.0} s");
            }

            executions++;
        }

        return (executions, found);
    }

    private void Save(byte[] input, string kind, string what)
    {
        string path = Path.Combine(findings, $"{kind}-{Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(input))[..12]}");
        File.WriteAllBytes(path, input);
        Console.Error.WriteLine($"{kind}: {path}: {what}");
    }

    private byte[] Mutate(byte[] seedBytes)
    {
        var bytes = new List<byte>(seedBytes);
        for (int n = 1 + _random.Next(4); n > 0; n--)
        {
            if (bytes.Count == 0)
            {
                bytes.Add((byte)_random.Next(256));
                continue;
            }

            int at = _random.Next(bytes.Count);
            switch (_random.Next(6))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << _random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)_random.Next(256);
                    break;
                case 2 when bytes.Count >= 4:
                    // Header fields are little-endian int32s at 4-byte offsets: hit them with edge values.
                    int aligned = Math.Min(at & ~3, bytes.Count - 4);
                    var value = new byte[4];
                    BinaryPrimitives.WriteInt32LittleEndian(value, Interesting[_random.Next(Interesting.Length)]);
                    for (int i = 0; i < 4; i++)
                        bytes[aligned + i] = value[i];
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 4:
                    int length = Math.Min(_random.Next(1, 64), bytes.Count - at);
                    bytes.InsertRange(_random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                default:
                    bytes.RemoveRange(at, Math.Min(_random.Next(1, 16), bytes.Count - at));
                    break;
            }
        }

        return [.. bytes];
    }
}
