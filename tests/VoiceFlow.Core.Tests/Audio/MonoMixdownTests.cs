using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using VoiceFlow.Core.Audio;

namespace VoiceFlow.Core.Tests.Audio;

public class MonoMixdownTests
{
    [Fact]
    public void Stereo_vector_paths_match_the_scalar_reference_for_lengths_0_to_256()
    {
        for (int frames = 0; frames <= 256; frames++)
        {
            var interleaved = TestSignals.RandomSamples(frames * 2, seed: frames);
            var expected = new float[frames];
            MonoMixdown.Scalar(interleaved, 2, expected);
            if (Avx2.IsSupported) AssertSame(expected, mono => MonoMixdown.StereoVector256(interleaved, mono));
            if (Sse3.IsSupported || AdvSimd.Arm64.IsSupported) AssertSame(expected, mono => MonoMixdown.StereoVector128(interleaved, mono));
            AssertSame(expected, mono => MonoMixdown.Mix(interleaved, 2, mono));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(8)]
    public void Any_channel_count_is_averaged(int channels)
    {
        var interleaved = TestSignals.RandomSamples(channels * 100, seed: channels);
        var mono = new float[100];
        MonoMixdown.Mix(interleaved, channels, mono);
        var expected = TestSignals.MixToMono(interleaved, channels);
        for (int i = 0; i < mono.Length; i++)
            Assert.Equal(expected[i], mono[i], 1e-6f);
    }

    [Fact]
    public void A_partial_trailing_frame_is_ignored()
    {
        var mono = new float[2];
        MonoMixdown.Mix([1f, 3f, 5f, 7f, 9f], 2, mono);
        Assert.Equal([2f, 6f], mono);
    }

    private static void AssertSame(float[] expected, Action<float[]> kernel)
    {
        var actual = new float[expected.Length];
        kernel(actual);
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], actual[i], 1e-6f);
    }
}
