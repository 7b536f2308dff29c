using VoiceFlow.Core.Validation;

namespace VoiceFlow.Core.Tests.Validation;

public class SampleRepairTests
{
    [Theory]
    [InlineData(0f, 1f)]
    [InlineData(0.05f, 1f)]
    [InlineData(-0.2f, float.PositiveInfinity)]
    public void Vectorized_repair_matches_the_scalar_reference_for_every_length_0_to_256(float offset, float limit)
    {
        for (int length = 0; length <= 256; length++)
        {
            var expected = TestSignals.Nasty(length, length);
            var actual = (float[])expected.Clone();

            int expectedClamped = SampleRepair.RepairScalar(expected, offset, limit);
            int actualClamped = SampleRepair.Repair(actual, offset, limit);

            Assert.True(expectedClamped == actualClamped, $"length {length}: clamped {expectedClamped} vs {actualClamped}");
            for (int i = 0; i < length; i++)
            {
                Assert.True(expected[i] == actual[i], $"length {length}, sample {i}: {expected[i]} vs {actual[i]}");
            }
        }
    }

    [Fact]
    public void Repair_zeroes_non_finite_subtracts_offset_and_clamps()
    {
        float[] samples = [float.NaN, float.NegativeInfinity, 0.6f, 1.4f, -1.1f, 0.1f, 0.2f, 0.3f, 0.4f];

        int clamped = SampleRepair.Repair(samples, offset: 0.1f, limit: 1f);

        Assert.Equal(2, clamped);
        Assert.Equal([0f, 0f, 0.5f, 1f, -1f, 0f, 0.1f, 0.2f, 0.3f], samples, (a, b) => Math.Abs(a - b) < 1e-6f);
    }
}
