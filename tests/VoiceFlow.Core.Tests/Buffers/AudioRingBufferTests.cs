using VoiceFlow.Core.Buffers;

namespace VoiceFlow.Core.Tests.Buffers;

public class AudioRingBufferTests
{
    [Fact]
    public void Keeps_the_newest_samples_like_a_reference_list_for_random_block_sizes()
    {
        var random = new Random(3);
        foreach (int capacity in new[] { 1, 7, 64, 1000 })
        {
            var ring = new AudioRingBuffer(capacity);
            var reference = new List<float>();
            long overwritten = 0;
            float next = 1;
            for (int step = 0; step < 300; step++)
            {
                var block = new float[random.Next(0, capacity * 2 + 2)];
                for (int i = 0; i < block.Length; i++)
                {
                    block[i] = next++;
                }

                ring.Write(block);
                reference.AddRange(block);
                if (reference.Count > capacity)
                {
                    overwritten += reference.Count - capacity;
                    reference.RemoveRange(0, reference.Count - capacity);
                }

                var copy = new float[ring.Count];
                ring.CopyTo(copy);
                Assert.Equal(reference, copy);
                Assert.Equal(overwritten, ring.OverwrittenSamples);
            }
        }
    }

    [Fact]
    public void GetLatest_returns_the_newest_samples_in_order_across_the_wrap()
    {
        var ring = new AudioRingBuffer(5);
        ring.Write([1, 2, 3, 4]);
        ring.Write([5, 6, 7]); // ring now holds 3 4 5 6 7, wrapped

        ring.GetLatest(4, out var first, out var second);

        Assert.Equal([4f, 5f, 6f, 7f], [.. first.ToArray(), .. second.ToArray()]);
    }

    [Fact]
    public void Clear_empties_the_ring_and_resets_the_overwrite_count()
    {
        var ring = new AudioRingBuffer(4);
        ring.Write([1, 2, 3, 4, 5, 6]);

        ring.Clear();
        ring.Write([9]);

        var copy = new float[ring.Count];
        ring.CopyTo(copy);
        Assert.Equal([9f], copy);
        Assert.Equal(0, ring.OverwrittenSamples);
    }

    [Fact]
    public void CopyTo_a_short_destination_is_refused()
    {
        var ring = new AudioRingBuffer(4);
        ring.Write([1, 2, 3]);

        Assert.Throws<ArgumentException>(() => ring.CopyTo(new float[2]));
    }
}
