using VoiceFlow.PocketSphinx.Audio;

namespace VoiceFlow.PocketSphinx.Tests;

public class Pcm16ConverterTests
{
    [Fact]
    public void Vector_path_matches_scalar_reference_for_every_length_up_to_256()
    {
        var random = new Random(1234);
        for (var length = 0; length <= 256; length++)
        {
            var source = new float[length];
            for (var i = 0; i < length; i++)
            {
                source[i] = (i % 17) switch
                {
                    0 => float.NaN,
                    1 => 1.5f,
                    2 => -3f,
                    3 => float.PositiveInfinity,
                    4 => 1f,
                    5 => -1f,
                    _ => (float)((random.NextDouble() * 2) - 1),
                };
            }

            var expected = new short[length];
            var actual = new short[length];
            Pcm16Converter.ConvertScalar(source, expected);
            Pcm16Converter.Convert(source, actual);

            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [InlineData(0f, 0)]
    [InlineData(1f, 32767)]
    [InlineData(-1f, -32768)]
    [InlineData(2f, 32767)]
    [InlineData(-2f, -32768)]
    [InlineData(float.NaN, 0)]
    [InlineData(0.5f, 16384)]
    [InlineData(1f / 32768, 1)]
    public void Samples_are_scaled_rounded_and_saturated(float sample, short expected) =>
        Assert.Equal(expected, Pcm16Converter.ToPcm16(sample));

    [Fact]
    public void Pcm16_read_as_s_over_32768_converts_back_exactly()
    {
        var pcm = Enumerable.Range(short.MinValue, ushort.MaxValue + 1).Select(v => (short)v).ToArray();
        var floats = pcm.Select(s => s / 32768f).ToArray();
        var back = new short[pcm.Length];

        Pcm16Converter.Convert(floats, back);

        Assert.Equal(pcm, back);
    }
}
