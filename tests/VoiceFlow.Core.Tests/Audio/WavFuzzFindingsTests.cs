using VoiceFlow.Core.Audio;

namespace VoiceFlow.Core.Tests.Audio;

/// <summary>Regression tests for what the fuzzer (scripts/fuzz) found in the WAV reader; see docs/RELIABILITY.md.</summary>
public class WavFuzzFindingsTests
{
    [Theory]
    // The fuzzer's files were at 1 Hz, refused now (below 1 kHz); at the lowest accepted rate these durations still
    // overflow TimeSpan (2^61 samples at 1 kHz is 73 million years).
    [InlineData(1L << 62, 1000)]
    [InlineData(long.MaxValue, 1000)]
    [InlineData(1L << 40, 8000)]
    public async Task An_absurd_declared_duration_is_described_without_overflowing(long declaredBytes, int sampleRate)
    {
        var file = new WavBuilder().Rf64(declaredBytes).Fmt(1, 1, sampleRate, 16).Chunk("data", new byte[64], uint.MaxValue).Build();

        var (samples, info) = await WavTestRead.ReadAllAsync(file);

        Assert.Equal(32, samples.Length);
        Assert.True(info.DeclaredDuration > TimeSpan.FromDays(1));
        Assert.Equal(TimeSpan.FromSeconds(32.0 / sampleRate), info.Duration);
    }
}
