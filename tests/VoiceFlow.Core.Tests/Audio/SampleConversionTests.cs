using System.Runtime.Intrinsics;
using VoiceFlow.Core.Audio;

namespace VoiceFlow.Core.Tests.Audio;

/// <summary>Every vector width of every conversion kernel against its scalar reference, for every length 0..256.</summary>
public class SampleConversionTests
{
    private delegate void Kernel(ReadOnlySpan<byte> source, Span<float> destination);

    private static readonly Dictionary<string, (int Width, Kernel Scalar, Kernel[] Vector)> Kernels = new()
    {
        ["UInt8"] = (1, SampleConversion.UInt8ToFloatScalar, [SampleConversion.UInt8ToFloatVector128, SampleConversion.UInt8ToFloatVector256, SampleConversion.UInt8ToFloat]),
        ["Int16"] = (2, SampleConversion.Int16ToFloatScalar, [SampleConversion.Int16ToFloatVector128, SampleConversion.Int16ToFloatVector256, SampleConversion.Int16ToFloat]),
        ["Int24"] = (3, SampleConversion.Int24ToFloatScalar, [SampleConversion.Int24ToFloatVector128, SampleConversion.Int24ToFloat]),
        ["Int32"] = (4, SampleConversion.Int32ToFloatScalar, [SampleConversion.Int32ToFloatVector128, SampleConversion.Int32ToFloatVector256, SampleConversion.Int32ToFloat]),
        ["Float64"] = (8, SampleConversion.Float64ToFloatScalar, [SampleConversion.Float64ToFloatVector128, SampleConversion.Float64ToFloatVector256, SampleConversion.Float64ToFloat]),
    };

    public static TheoryData<string> KernelNames => [.. Kernels.Keys];

    [Theory]
    [MemberData(nameof(KernelNames))]
    public void Vector_paths_match_the_scalar_reference_bit_for_bit_for_lengths_0_to_256(string name)
    {
        Assert.SkipUnless(Vector128.IsHardwareAccelerated, "no SIMD on this machine");
        var (width, scalar, vectors) = Kernels[name];
        var random = new Random(42);
        for (int length = 0; length <= 256; length++)
        {
            var bytes = new byte[length * width];
            random.NextBytes(bytes);
            if (name == "Float64") FillDoubles(bytes, random);
            var expected = new float[length];
            scalar(bytes, expected);
            foreach (var vector in vectors)
            {
                if (vector.Method.Name.EndsWith("256", StringComparison.Ordinal) && !Vector256.IsHardwareAccelerated) continue;
                var actual = new float[length + 1];
                actual[length] = 123f; // sentinel: nothing written past the samples
                vector(bytes, actual);
                Assert.Equal(expected, actual[..length]);
                Assert.Equal(123f, actual[length]);
            }
        }
    }

    [Fact]
    public void Scalar_references_give_the_documented_values()
    {
        var result = new float[3];
        SampleConversion.UInt8ToFloatScalar([0, 128, 255], result);
        Assert.Equal([-1f, 0f, 127f / 128], result);
        SampleConversion.Int16ToFloatScalar([0x00, 0x80, 0x00, 0x00, 0xFF, 0x7F], result);
        Assert.Equal([-1f, 0f, 32767f / 32768], result);
        SampleConversion.Int24ToFloatScalar([0x00, 0x00, 0x80, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F], result);
        Assert.Equal([-1f, -1f / 8388608, 8388607f / 8388608], result);
        SampleConversion.Int32ToFloatScalar([0, 0, 0, 0x80, 0, 0, 0, 0x40, 0, 0, 0, 0], result);
        Assert.Equal([-1f, 0.5f, 0f], result);
    }

    [Fact]
    public void Float32_is_copied_unchanged()
    {
        float[] samples = [0.25f, -1.5f, float.Epsilon];
        var bytes = new byte[12];
        Buffer.BlockCopy(samples, 0, bytes, 0, 12);
        var result = new float[3];
        SampleConversion.Float32ToFloat(bytes, result);
        Assert.Equal(samples, result);
    }

    [Fact]
    public void A_destination_too_short_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => SampleConversion.Int16ToFloat(new byte[8], new float[3]));
    }

    private static void FillDoubles(byte[] bytes, Random random)
    {
        for (int i = 0; i + 8 <= bytes.Length; i += 8)
            BitConverter.TryWriteBytes(bytes.AsSpan(i), (random.NextDouble() * 4) - 2);
    }
}
