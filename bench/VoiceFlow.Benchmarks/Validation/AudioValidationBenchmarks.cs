using BenchmarkDotNet.Attributes;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Validation;

namespace VoiceFlow.Benchmarks.Validation;

/// <summary>
/// Cost of validating clean capture audio: full mode, optimized mode (steady state, trusted: one
/// cycle of validation_frequency blocks per invocation, reported per block), the finite guard
/// alone, and the scalar scan as the baseline of the vectorized one. Block sizes: 32 ms, 100 ms,
/// 1 s and a 30 s buffer at 16 kHz. Compare the "ns/s audio" column across sizes. 512-sample
/// blocks are below min_samples_for_statistical (800), so optimized mode checks them fully too.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class AudioValidationBenchmarks
{
    private const int Cycle = 8; // the default validation_frequency

    private float[] _block = [];
    private AudioValidator _full = null!;
    private StreamingAudioValidator _optimized = null!;

    [Params(512, 1600, 16000, 480000)]
    public int BlockSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _block = new float[BlockSize];
        for (int i = 0; i < _block.Length; i++)
        {
            // Speech-level tone with a little noise: clean, so nothing is repaired and the state never changes.
            _block[i] = 0.3f * MathF.Sin(2 * MathF.PI * 220 * i / 16000f) + 0.01f * MathF.Sin(i * 0.7f);
        }

        var options = new VoiceFlowOptions { EnableOptimizedAudioValidation = true, MaxAudioBufferSize = int.MaxValue };
        _full = new AudioValidator(AudioValidationLimits.FromOptions(options), AudioValidationPolicy.ForBlocks);
        _optimized = StreamingAudioValidator.FromOptions(options, seed: 1);
        for (int i = 0; i < 4 * Cycle; i++)
        {
            _optimized.Validate(_block); // earn trust
        }
    }

    [Benchmark(Baseline = true)]
    public AudioStatistics ScalarScan() => AudioScanner.ScanScalar(_block);

    [Benchmark]
    public AudioValidationReport FullMode() => _full.Validate(_block);

    [Benchmark(OperationsPerInvoke = Cycle)]
    public AudioValidationReport OptimizedMode()
    {
        AudioValidationReport last = default;
        for (int i = 0; i < Cycle; i++)
        {
            last = _optimized.Validate(_block);
        }

        return last;
    }

    [Benchmark]
    public int FiniteGuardOnly() => FiniteGuard.EnsureFinite(_block);

    private sealed class Config : BenchmarkDotNet.Configs.ManualConfig
    {
        public Config() => AddColumn(new NanosecondsPerAudioSecondColumn());
    }
}
