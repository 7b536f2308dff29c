using BenchmarkDotNet.Attributes;
using VoiceFlow.Whisper.Decoding;
using VoiceFlow.Whisper.Inference;
using VoiceFlow.Whisper.Text;

namespace VoiceFlow.Benchmarks.Whisper;

/// <summary>
/// Cost of the decoding work done per token above the model: whisper.cpp's logits rules, log-softmax and the
/// choice of the best token over a 51864-entry vocabulary. Run: --filter '*LogitsStep*'.
/// </summary>
[MemoryDiagnoser]
public class LogitsStepBenchmarks
{
    private WhisperLogitsProcessor _processor = null!;
    private TokenSampler _sampler = null!;
    private float[] _raw = null!;
    private float[] _logits = null!;
    private float[] _logProbs = null!;
    private float[] _probs = null!;
    private readonly int[] _sampled = [464, 2068];

    [Params(false, true)]
    public bool Timestamps { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var vocabulary = new WhisperVocabulary(
            [.. Enumerable.Range(0, 50256).Select(i => BitConverter.GetBytes(i))],
            new WhisperHyperParameters(51864, 1500, 384, 6, 4, 448, 384, 6, 4, 80, 1));
        _processor = new WhisperLogitsProcessor(vocabulary, new WhisperDecodingOptions { NoTimestamps = !Timestamps }, 1500);
        _sampler = new TokenSampler(vocabulary);
        var random = new Random(1);
        _raw = [.. Enumerable.Range(0, vocabulary.Size).Select(_ => (float)(random.NextDouble() * 8 - 4))];
        _logits = new float[_raw.Length];
        _logProbs = new float[_raw.Length];
        _probs = new float[_raw.Length];
    }

    [Benchmark]
    public int ProcessAndPickBest()
    {
        _raw.CopyTo(_logits, 0);
        _processor.Process(_logits, _sampled, false, 3000, 0, _logProbs, _probs);
        return _sampler.Best(_probs, _logProbs).Id;
    }
}
