using VoiceFlow.Core.Errors;
using VoiceFlow.Core.Validation;

namespace VoiceFlow.Core.Tests.Validation;

public class FiniteGuardTests
{
    [Fact]
    public void Vectorized_replacement_matches_the_scalar_reference_for_every_length_0_to_256()
    {
        for (int length = 0; length <= 256; length++)
        {
            var expected = TestSignals.Nasty(length, 7 * length);
            var actual = (float[])expected.Clone();

            int expectedReplaced = FiniteGuard.ReplaceNonFiniteScalar(expected);
            int actualReplaced = FiniteGuard.ReplaceNonFinite(actual);

            Assert.True(expectedReplaced == actualReplaced, $"length {length}: replaced {expectedReplaced} vs {actualReplaced}");
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"length {length}: samples differ");
        }
    }

    [Fact]
    public void Clean_audio_is_left_untouched()
    {
        var samples = TestSignals.Tone(1600);
        var copy = (float[])samples.Clone();

        Assert.Equal(0, FiniteGuard.EnsureFinite(samples));
        Assert.Equal(copy, samples);
    }

    [Fact]
    public void Repair_mode_replaces_every_nan_and_infinity_with_silence()
    {
        var samples = TestSignals.Tone(1000);
        samples[0] = float.NaN;
        samples[511] = float.PositiveInfinity;
        samples[999] = float.NegativeInfinity;

        Assert.Equal(3, FiniteGuard.EnsureFinite(samples));

        Assert.True(samples.All(float.IsFinite));
        Assert.Equal(0f, samples[511]);
    }

    [Fact]
    public void Reject_mode_throws_naming_the_count_and_the_first_position()
    {
        var samples = TestSignals.Tone(16000);
        samples[8000] = float.NaN;
        samples[9000] = float.NaN;

        var error = Assert.Throws<AudioValidationException>(() => FiniteGuard.EnsureFinite(samples, FiniteGuardMode.Reject));

        Assert.Contains("2 NaN or infinite samples out of 16000", error.Message, StringComparison.Ordinal);
        Assert.Contains("first at sample 8000, 0.500 s", error.Message, StringComparison.Ordinal);
        Assert.True(float.IsNaN(samples[8000]), "reject mode must not modify the samples");
    }

    [Fact]
    public void Read_only_check_throws_only_for_non_finite_audio()
    {
        var samples = TestSignals.Tone(300);
        FiniteGuard.ThrowIfNonFinite(samples);

        samples[299] = float.NegativeInfinity;

        var error = Assert.Throws<AudioValidationException>(() => FiniteGuard.ThrowIfNonFinite(samples));
        Assert.Contains("first at sample 299", error.Message, StringComparison.Ordinal);
    }
}
