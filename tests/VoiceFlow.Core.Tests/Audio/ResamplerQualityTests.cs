namespace VoiceFlow.Core.Tests.Audio;

/// <summary>
/// Measured quality of the resampler (Kaiser-windowed sinc, 80 dB design, passband to 45% of the lower
/// rate, stopband from 50%), with tones of 0.25 s measured by least-squares fits. The figures measured on
/// the reference machine are in the comments and in docs/PERFORMANCE.md ("Resampler quality"); each
/// assertion keeps a margin under them, so a regression fails while float rounding does not.
/// </summary>
public class ResamplerQualityTests
{
    [Theory]
    [InlineData(48000, 7000)] // measured: worst 0.00063 dB (at 7 kHz)
    [InlineData(44100, 7000)] // measured: worst 0.00058 dB
    [InlineData(22050, 7000)] // measured: worst 0.00064 dB
    [InlineData(8000, 3500)]  // up-sampling, measured: worst 0.00061 dB
    [InlineData(44101, 7000)] // interpolated phases (L = 16000 > 1024), measured: worst 0.00058 dB
    public void Passband_is_flat_within_a_hundredth_of_a_decibel(int inRate, double upTo)
    {
        var (worstDb, atHz) = ResamplerMeasurements.PassbandDeviation(inRate, 16000, upTo);
        Assert.True(Math.Abs(worstDb) < 0.01, $"{inRate} Hz -> 16 kHz: gain {worstDb:F4} dB at {atHz} Hz");
    }

    [Theory]
    [InlineData(48000, 8200, 23800)] // measured: worst -83.9 dB (at 8.2 kHz, the edge of the stopband)
    [InlineData(44100, 8200, 21800)] // measured: worst -84.4 dB
    [InlineData(22050, 8200, 10800)] // measured: worst -83.7 dB
    [InlineData(44101, 8200, 21800)] // interpolated phases, measured: worst -84.4 dB
    public void Tones_above_8_kHz_are_rejected_by_at_least_78_dB(int inRate, double from, double to)
    {
        var (worstDb, atHz) = ResamplerMeasurements.AliasLevel(inRate, 16000, from, to);
        Assert.True(worstDb < -78, $"{inRate} Hz -> 16 kHz: a {atHz} Hz tone comes out at {worstDb:F1} dB");
    }

    [Fact]
    public void Upsampling_8_kHz_to_16_kHz_leaves_images_below_85_dB()
    {
        // Measured: everything but the tone itself at most -91.3 dB (tone at 3.6 kHz, image at 4.4 kHz).
        var (worstDb, atHz) = ResamplerMeasurements.ImageLevel(8000, 16000, 100, 3600);
        Assert.True(worstDb < -85, $"8 kHz -> 16 kHz: a {atHz} Hz tone leaves {worstDb:F1} dB of images");
    }
}
