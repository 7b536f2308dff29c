using System.Runtime.Intrinsics;
using VoiceFlow.Core.Audio;

namespace VoiceFlow.Core.Tests.Audio;

public class DotProductTests
{
    [Fact]
    public void Vector_paths_match_the_scalar_reference_for_lengths_0_to_256()
    {
        for (int length = 0; length <= 256; length++)
        {
            var a = TestSignals.RandomSamples(length, seed: length);
            var b = TestSignals.RandomSamples(length, seed: 1000 + length);
            double exact = 0;
            for (int i = 0; i < length; i++) exact += a[i] * (double)b[i];
            float tolerance = 1e-5f * (length + 1);
            Assert.Equal((float)exact, DotProduct.Scalar(a, b), tolerance);
            if (Vector128.IsHardwareAccelerated) Assert.Equal((float)exact, DotProduct.Vector128Path(a, b), tolerance);
            if (Vector256.IsHardwareAccelerated) Assert.Equal((float)exact, DotProduct.Vector256Path(a, b), tolerance);
        }
    }

    [Fact]
    public void The_result_does_not_depend_on_where_the_data_sits_in_memory()
    {
        var data = TestSignals.RandomSamples(400, seed: 7);
        var taps = TestSignals.RandomSamples(301, seed: 8);
        var copy = new float[420];
        for (int offset = 0; offset < 16; offset++)
        {
            data.AsSpan(0, 301).CopyTo(copy.AsSpan(offset));
            Assert.Equal(DotProduct.Compute(taps, data.AsSpan(0, 301)), DotProduct.Compute(taps, copy.AsSpan(offset, 301)));
        }
    }
}
