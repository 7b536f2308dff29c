using VoiceFlow.Core.Audio;

namespace VoiceFlow.Core.Tests.Audio;

public class G711Tests
{
    [Theory]
    [InlineData(0xD5, 8)]
    [InlineData(0x55, -8)]
    [InlineData(0xAA, 32256)]
    [InlineData(0x2A, -32256)]
    public void ALaw_decodes_the_standard_values(int encoded, int linear) =>
        Assert.Equal(linear, G711.DecodeALaw((byte)encoded));

    [Theory]
    [InlineData(0xFF, 0)]
    [InlineData(0x7F, 0)]
    [InlineData(0x80, 32124)]
    [InlineData(0x00, -32124)]
    public void MuLaw_decodes_the_standard_values(int encoded, int linear) =>
        Assert.Equal(linear, G711.DecodeMuLaw((byte)encoded));

    [Fact]
    public void Tables_match_the_bitwise_decoders_for_every_byte()
    {
        var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var alaw = new float[256];
        var mulaw = new float[256];
        G711.ALawToFloat(all, alaw);
        G711.MuLawToFloat(all, mulaw);
        for (int i = 0; i < 256; i++)
        {
            Assert.Equal(G711.DecodeALaw((byte)i) / 32768f, alaw[i]);
            Assert.Equal(G711.DecodeMuLaw((byte)i) / 32768f, mulaw[i]);
        }
    }

    [Fact]
    public void Encoding_then_decoding_stays_within_one_logarithmic_step()
    {
        for (int linear = short.MinValue; linear <= short.MaxValue; linear += 7)
        {
            double step = Math.Max(16, Math.Abs(linear) / 16.0) + 16; // G.711 steps are 1/16 of the segment's magnitude
            Assert.InRange(G711.DecodeALaw(WavTestEncoder.LinearToALaw((short)linear)) - linear, -step, step);
            Assert.InRange(G711.DecodeMuLaw(WavTestEncoder.LinearToMuLaw((short)linear)) - linear, -step, step);
        }
    }
}
