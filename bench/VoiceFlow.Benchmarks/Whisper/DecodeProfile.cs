using System.Diagnostics;
using VoiceFlow.Whisper.Model;

namespace VoiceFlow.Benchmarks.Whisper;

/// <summary>Splits decoder time per token into the logits product and the rest (usage: <c>whisper-profile model.bin threads</c>).</summary>
internal static unsafe class DecodeProfile
{
    public static int Run(string path, int threads)
    {
        using var model = WhisperModel.Load(path);
        var hp = model.HyperParameters;
        var mel = model.ComputeMel(new float[16000 * 5], threads);
        using var encoded = model.Encode(mel, 0, threads);
        using var state = model.CreateDecoderState(encoded);
        var logits = new float[hp.NVocab];
        model.Decode(state, [50257, 50362], logits, threads);
        const int tokens = 100;
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < tokens; i++)
        {
            model.Decode(state, [220 + i], logits, threads);
        }

        Console.WriteLine($"full decode {sw.Elapsed.TotalMilliseconds / tokens:F3} ms/token");
        var layer = new LinearLayer(model.File.Tensor("decoder.token_embedding.weight"), null);
        using var exec = new LinearExecutor();
        var x = new float[hp.NTextState];
        fixed (float* px = x, py = logits)
        {
            exec.Forward(layer, px, 1, hp.NTextState, py, hp.NVocab, false, threads);
            sw.Restart();
            for (int i = 0; i < tokens; i++)
            {
                exec.Forward(layer, px, 1, hp.NTextState, py, hp.NVocab, false, threads);
            }
        }

        Console.WriteLine($"logits product only {sw.Elapsed.TotalMilliseconds / tokens:F3} ms/token");
        return 0;
    }
}
