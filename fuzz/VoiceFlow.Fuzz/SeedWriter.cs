using VoiceFlow.Cli.Tests.Reliability;

namespace VoiceFlow.Fuzz;

/// <summary>Writes the fuzzers' starting corpus: the bad-input matrix made small (a fuzzer mutates every byte).</summary>
internal static class SeedWriter
{
    public static void Write(string folder)
    {
        string wav = Directory.CreateDirectory(Path.Combine(folder, "wav")).FullName;
        string ggml = Directory.CreateDirectory(Path.Combine(folder, "ggml")).FullName;

        // 0.1 s of a rising tone: enough for every encoding and layout, small enough for fast mutation.
        var speech = new float[1600];
        for (int i = 0; i < speech.Length; i++)
            speech[i] = 0.4f * MathF.Sin(i * (0.05f + (i * 1e-5f)));
        foreach (var c in WavMatrix.Write(wav, speech, "tone"))
        {
            // Seeds over 64 KB slow every execution; the multichannel float case is the only one.
            if (new FileInfo(c.Path).Length > 64 * 1024)
                File.Delete(c.Path);
        }

        byte[] model = TinyGgmlModel.Build();
        File.WriteAllBytes(Path.Combine(ggml, "tiny-valid.bin"), model);
        GgmlMatrix.Write(ggml, model);
        var layout = GgmlMatrix.Walk(model);
        foreach (var (length, _) in GgmlMatrix.Truncations(layout).Where((_, i) => i % 8 == 0))
            File.WriteAllBytes(Path.Combine(ggml, $"cut-{length}.bin"), model[..(int)length]);
    }
}
