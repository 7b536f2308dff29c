using System.Diagnostics;
using System.Globalization;
using VoiceFlow.Whisper.Decoding;
using VoiceFlow.Whisper.Inference;
using VoiceFlow.Whisper.Model;
using VoiceFlow.Whisper.Text;

namespace VoiceFlow.Benchmarks.Whisper;

/// <summary>
/// Where one decoder step's time goes, at context 1, 64 and 220: embedding, self-attention (projections and the
/// attention over the KV cache), cross-attention (projections and the attention over the encoder output), MLP,
/// logits product, then the logits rules and sampling, and the bytes allocated per step; for one state (greedy)
/// and for a batch of beams; then the memory floor of the logits product (its weights read, nothing computed).
/// Before them, the encoder's stages (<see cref="EncodeProfile"/>).
/// Usage: <c>whisper-profile [model.bin] [--threads N] [--beams B] [--steps S] [--windows W] [--encoder-only]</c>
/// (default: the tiny f16 fixture, 2 threads, 5 beams, 40 steps per point, 5 encoder windows; --encoder-only stops
/// after the encoder's stages).
/// </summary>
internal static class DecodeProfile
{
    private static readonly int[] Contexts = [1, 64, 220];

    public static int Run(string[] args)
    {
        int threads = 2, beams = 5, steps = 40, windows = 5;
        bool encoderOnly = false;
        string? path = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--beams": beams = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--steps": steps = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--windows": windows = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--encoder-only": encoderOnly = true; break;
                default: path = args[i]; break;
            }
        }

        string? fixtures = WhisperModelReport.FindFixtures();
        path ??= fixtures is null ? throw new ArgumentException("give a model file (no fixtures found)") : Path.Combine(fixtures, "models", "ggml-random-tiny.en-f16.bin");
        using var model = WhisperModel.Load(path);
        var hp = model.HyperParameters;
        var mel = model.ComputeMel(new float[16000 * 10], threads);
        using var encoded = model.Encode(mel, 0, threads);
        Console.WriteLine($"model {Path.GetFileName(path)}, {threads} threads, {steps} steps per point, 1.5 s of warm-up per point");
        Console.WriteLine();
        EncodeProfile.Print(model, mel, windows, threads);
        if (encoderOnly)
        {
            return 0;
        }

        Console.WriteLine("| rows x context | embed | self proj | self attn | cross proj | cross attn | MLP | logits | total ms/step | rules+sample ms | alloc B/step |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (int rows in beams > 1 ? new[] { 1, beams } : [1])
        {
            foreach (int context in Contexts)
            {
                Profile(model, encoded, rows, context, steps, threads);
            }
        }

        Console.WriteLine();
        LogitsMemoryFloor.Print(path, threads, steps);

        return 0;
    }

    private static void Profile(WhisperModel model, WhisperEncoderOutput encoded, int rows, int context, int steps, int threads)
    {
        var hp = model.HyperParameters;
        var states = new WhisperDecoderState[rows];
        var tokens = new int[rows];
        var logits = new float[rows * hp.NVocab];
        int[] prompt = [50257, 50362, .. Enumerable.Range(0, Math.Max(0, context - 3)).Select(i => 300 + i)];
        prompt = prompt[..(context - 1)];
        for (int r = 0; r < rows; r++)
        {
            states[r] = model.CreateDecoderState(encoded);
            if (prompt.Length > 0)
            {
                model.Decode(states[r], prompt, logits.AsSpan(0, hp.NVocab), threads);
            }

            tokens[r] = 1000 + r;
        }

        var times = new DecoderStageTimes();
        var lead = (DecoderState)states[0];
        void Step()
        {
            foreach (var s in states)
            {
                s.Truncate(prompt.Length);
            }

            if (rows == 1)
            {
                model.Decode(states[0], tokens, logits, threads);
            }
            else
            {
                model.DecodeBatch(states, tokens, logits, threads);
            }
        }

        // Long enough for tiered compilation to replace the first, unoptimised code of every method on this path.
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < TimeSpan.FromSeconds(1.5))
        {
            Step();
        }

        lead.StageTimes = times;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < steps; i++)
        {
            Step();
        }

        double total = sw.Elapsed.TotalMilliseconds / steps;
        long bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / steps;
        lead.StageTimes = null;
        double rules = RulesAndSampling(model, logits, rows, steps);
        double Ms(DecoderStage stage) => times.Milliseconds(stage) / steps;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {rows} x {context} | {Ms(DecoderStage.Embedding):F3} | {Ms(DecoderStage.SelfAttentionProjections):F3} | {Ms(DecoderStage.SelfAttention):F3} | " +
            $"{Ms(DecoderStage.CrossAttentionProjections):F3} | {Ms(DecoderStage.CrossAttention):F3} | {Ms(DecoderStage.Mlp):F3} | {Ms(DecoderStage.Logits):F3} | " +
            $"{total:F3} | {rules:F3} | {bytes} |"));
        foreach (var s in states)
        {
            s.Dispose();
        }
    }

    /// <summary>The logits rules, log-softmax and best-token choice for each row, as the window loop runs them per step.</summary>
    private static double RulesAndSampling(WhisperModel model, float[] logits, int rows, int steps)
    {
        var vocabulary = new WhisperVocabulary(model.TokenBytes, model.HyperParameters);
        var options = new WhisperDecodingOptions { NoTimestamps = true };
        var processor = new WhisperLogitsProcessor(vocabulary, options, model.HyperParameters.NAudioCtx);
        var sampler = new TokenSampler(vocabulary);
        int vocab = model.HyperParameters.NVocab;
        var raw = (float[])logits.Clone();
        var logProbs = new float[vocab];
        var probs = new float[vocab];
        int[] sampled = [300, 301, 302];
        var sw = new Stopwatch();
        for (int i = 0; i < steps + 3; i++)
        {
            if (i == 3)
            {
                sw.Start();
            }

            raw.CopyTo(logits, 0);
            for (int r = 0; r < rows; r++)
            {
                processor.Process(logits.AsSpan(r * vocab, vocab), sampled, hasTimestamp: false, seekDelta: 0, temperature: 0, logProbs, probs);
                sampler.Best(probs, logProbs);
            }
        }

        return sw.Elapsed.TotalMilliseconds / steps;
    }
}
