using System.Numerics;

namespace VoiceFlow.Core.Tests.Validation;

/// <summary>Inside a child run, proves the switch took effect (otherwise the run proves nothing).</summary>
public class VectorWidthProbeTests
{
    [Fact]
    public void Vector_width_is_the_one_the_parent_asked_for()
    {
        string? expected = Environment.GetEnvironmentVariable(VectorFallbackTests.ExpectedWidthVariable);
        if (expected is null)
        {
            Assert.Skip("only meaningful inside a child run");
        }

        int floats = int.Parse(expected, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(floats > 0, Vector.IsHardwareAccelerated);
        if (floats > 0)
        {
            Assert.Equal(floats, Vector<float>.Count);
        }
    }
}
