using VoiceFlow.Core.Validation;

namespace VoiceFlow.Core.Tests.Validation;

public class AudioScannerTests
{
    [Fact]
    public void Vectorized_scan_matches_the_scalar_reference_for_every_length_0_to_256()
    {
        for (int length = 0; length <= 256; length++)
        {
            for (int seed = 0; seed < 4; seed++)
            {
                var samples = TestSignals.Nasty(length, seed * 1000 + length);
                AssertSame(AudioScanner.ScanScalar(samples), AudioScanner.Scan(samples), samples);
            }
        }
    }

    [Fact]
    public void Vectorized_scan_matches_the_scalar_reference_on_a_30_second_buffer()
    {
        var samples = TestSignals.Tone(16000 * 30, amplitude: 0.5f, dc: 0.01f);
        samples[12345] = float.NaN;
        samples[400000] = 1.2f;

        var expected = AudioScanner.ScanScalar(samples);
        var actual = AudioScanner.Scan(samples);

        AssertSame(expected, actual, samples);
        Assert.Equal(0.01, actual.Mean, 3);
    }

    [Fact]
    public void Counts_each_kind_of_sample_once()
    {
        float[] samples = [0.5f, float.NaN, float.PositiveInfinity, 0.9995f, -1.2f, -0.25f, 2f, 0f, 0.1f];

        var statistics = AudioScanner.Scan(samples);

        Assert.Equal(9, statistics.Length);
        Assert.Equal(2, statistics.NonFiniteCount);
        Assert.Equal(3, statistics.ClippedCount); // 0.9995, -1.2, 2
        Assert.Equal(2, statistics.OutOfRangeCount); // -1.2, 2
        Assert.Equal(-1.2f, statistics.Min);
        Assert.Equal(2f, statistics.Max);
        Assert.Equal(2f, statistics.Peak);
        Assert.Equal(0.5 + 0.9995 - 1.2 - 0.25 + 2 + 0.1, statistics.Sum, 5);
    }

    [Fact]
    public void All_non_finite_input_reports_zero_min_max_and_mean()
    {
        var samples = Enumerable.Repeat(float.NaN, 40).ToArray();

        var statistics = AudioScanner.Scan(samples);

        Assert.Equal(40, statistics.NonFiniteCount);
        Assert.Equal(0f, statistics.Min);
        Assert.Equal(0f, statistics.Max);
        Assert.Equal(0, statistics.Mean);
    }

    [Fact]
    public void Strided_scan_inspects_only_every_stride_th_sample_from_the_start()
    {
        var samples = new float[100];
        samples[7] = float.NaN; // 7 = 2 + 5
        samples[8] = float.NaN; // not on the stride

        var statistics = AudioScanner.ScanStrided(samples, start: 2, stride: 5);

        Assert.Equal(20, statistics.Length);
        Assert.Equal(1, statistics.NonFiniteCount);
    }

    private static void AssertSame(AudioStatistics expected, AudioStatistics actual, float[] samples)
    {
        int length = samples.Length;
        // Float lane sums may differ from the double reference by rounding proportional to the magnitudes added.
        double magnitudes = samples.Where(float.IsFinite).Sum(x => Math.Abs((double)x));
        Assert.True(expected.Length == actual.Length, $"length {length}: Length");
        Assert.True(expected.NonFiniteCount == actual.NonFiniteCount, $"length {length}: NonFiniteCount {expected.NonFiniteCount} vs {actual.NonFiniteCount}");
        Assert.True(expected.ClippedCount == actual.ClippedCount, $"length {length}: ClippedCount {expected.ClippedCount} vs {actual.ClippedCount}");
        Assert.True(expected.OutOfRangeCount == actual.OutOfRangeCount, $"length {length}: OutOfRangeCount");
        Assert.True(expected.Min == actual.Min, $"length {length}: Min {expected.Min} vs {actual.Min}");
        Assert.True(expected.Max == actual.Max, $"length {length}: Max {expected.Max} vs {actual.Max}");
        double tolerance = 1e-5 * magnitudes + 1e-6;
        Assert.True(Math.Abs(expected.Sum - actual.Sum) <= tolerance, $"length {length}: Sum {expected.Sum} vs {actual.Sum}");
    }
}
