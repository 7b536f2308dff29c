namespace VoiceFlow.Core.Tests.Audio;

/// <summary>Every encoding × channel count × rate × header kind, generated in the test and decoded by the managed reader.</summary>
public class WavReaderMatrixTests
{
    public static TheoryData<WavTestEncoding, int, int, string> Matrix()
    {
        var data = new TheoryData<WavTestEncoding, int, int, string>();
        foreach (var encoding in Enum.GetValues<WavTestEncoding>())
            foreach (int channels in new[] { 1, 2, 6 })
                foreach (int rate in new[] { 8000, 22050, 44100, 48000 })
                    foreach (string header in new[] { "RIFF", "extensible", "RF64" })
                        data.Add(encoding, channels, rate, header);
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Decodes_to_the_mono_mix_within_the_encoding_quantisation(WavTestEncoding encoding, int channels, int rate, string header)
    {
        int frames = (rate / 50) + 3; // 20 ms plus a few frames, so lengths are not round
        var interleaved = TestSignals.MultiChannel(channels, rate, frames);
        var data = WavTestEncoder.Encode(interleaved, encoding);
        var file = WavBuilder.Standard(encoding, channels, rate, data, extensible: header == "extensible", rf64: header == "RF64").Build();

        var (samples, info) = await WavTestRead.ReadAllAsync(file, seekable: rate != 22050); // some through the non-seekable path

        var expected = TestSignals.MixToMono(interleaved, channels);
        Assert.Equal(frames, samples.Length);
        double tolerance = WavTestEncoder.Tolerance(encoding) + 1e-6;
        for (int i = 0; i < frames; i++)
            Assert.True(Math.Abs(samples[i] - expected[i]) <= tolerance, $"sample {i}: {samples[i]} vs {expected[i]} (tolerance {tolerance})");
        Assert.Equal(rate, info.SampleRate);
        Assert.Equal(channels, info.Channels);
        Assert.Equal(WavTestEncoder.Bits(encoding), info.BitsPerSample);
        Assert.Equal(header == "RF64" ? "WAV (RF64)" : "WAV (RIFF)", info.Container);
        Assert.Equal(header == "extensible", info.Encoding.EndsWith("(extensible)", StringComparison.Ordinal));
        Assert.False(info.WasRepaired, string.Join("; ", info.Repairs));
        Assert.Equal(TimeSpan.FromSeconds(frames / (double)rate), info.Duration);
        Assert.Equal(info.Duration, info.DeclaredDuration);
    }
}
