using CsCheck;
using VoiceFlow.Core.Audio;

namespace VoiceFlow.Core.Tests.Audio;

public class ResamplerStreamingTests
{
    private static readonly (int In, int Out)[] RatePairs =
        [(48000, 16000), (44100, 16000), (22050, 16000), (8000, 16000), (16000, 16000), (11025, 16000), (44100, 48000), (16000, 44100), (96000, 16000), (16001, 16000)];

    [Fact]
    public void Streaming_in_random_blocks_equals_one_shot_exactly()
    {
        var gen = Gen.Select(Gen.Int[0, RatePairs.Length - 1], Gen.Int[0, 3000], Gen.Int[1, 700].Array[1, 12], Gen.Int);
        gen.Sample((pair, length, blocks, seed) =>
        {
            var (inRate, outRate) = RatePairs[pair];
            var input = TestSignals.RandomSamples(length, seed);
            var expected = Resampler.Resample(input, inRate, outRate);

            var resampler = new StreamingResampler(inRate, outRate);
            var actual = new List<float>();
            int position = 0, block = 0;
            while (position < input.Length)
            {
                int size = Math.Min(blocks[block++ % blocks.Length], input.Length - position);
                var output = new float[resampler.MaxOutputLength(size)];
                int written = resampler.Process(input.AsSpan(position, size), output);
                actual.AddRange(output.AsSpan(0, written));
                position += size;
            }
            var tail = new float[resampler.PendingFlushLength];
            actual.AddRange(tail.AsSpan(0, resampler.Flush(tail)));
            Assert.Equal(expected, actual);
        }, iter: 150);
    }

    [Theory]
    [InlineData(48000, 16000, 0, 0)]
    [InlineData(48000, 16000, 1, 1)]
    [InlineData(48000, 16000, 4800, 1600)]
    [InlineData(44100, 16000, 44101, 16001)]
    [InlineData(8000, 16000, 3, 6)]
    [InlineData(16001, 16000, 16001, 16000)]
    public void Output_length_is_the_ceiling_of_length_times_the_ratio(int inRate, int outRate, int inputLength, int expected)
    {
        Assert.Equal(expected, Resampler.Resample(new float[inputLength], inRate, outRate).Length);
    }

    [Theory]
    [InlineData(48000)]
    [InlineData(44100)]
    [InlineData(8000)]
    public void Output_is_time_aligned_with_the_input(int inRate)
    {
        // An impulse at input time t must peak at output time t: the filter is centred, so there is no delay.
        var input = new float[inRate / 10];
        input[inRate / 20] = 1;
        var output = Resampler.Resample(input, inRate, 16000);
        int peak = Array.IndexOf(output, output.Max());
        Assert.InRange(peak, 799, 801);
    }

    [Fact]
    public void A_constant_signal_stays_constant_past_the_edges()
    {
        var output = Resampler.Resample(Enumerable.Repeat(0.5f, 48000).ToArray(), 48000, 16000);
        foreach (float sample in output.AsSpan(200, output.Length - 400))
            Assert.Equal(0.5f, sample, 1e-4f);
    }

    [Fact]
    public void Processing_blocks_allocates_nothing_after_construction()
    {
        var resampler = new StreamingResampler(44100, 16000);
        var block = TestSignals.RandomSamples(441, seed: 3);
        var output = new float[resampler.MaxOutputLength(block.Length)];
        for (int i = 0; i < 50; i++) resampler.Process(block, output); // warm up (JIT)
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) resampler.Process(block, output);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Misuse_is_reported()
    {
        var resampler = new StreamingResampler(48000, 16000);
        Assert.Throws<ArgumentException>(() => resampler.Process(new float[4800], new float[10]));
        resampler.Flush(new float[resampler.PendingFlushLength]);
        Assert.Throws<InvalidOperationException>(() => resampler.Process(new float[10], new float[10]));
        resampler.Reset();
        Assert.Equal(0, resampler.Process(new float[10], new float[10]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamingResampler(0, 16000));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamingResampler(16000, 2_000_000));
    }
}
