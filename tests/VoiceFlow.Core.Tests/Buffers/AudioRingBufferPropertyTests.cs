using CsCheck;
using VoiceFlow.Core.Buffers;

namespace VoiceFlow.Core.Tests.Buffers;

/// <summary>The ring buffer against a plain list model under random sequences of writes, reads and clears.</summary>
public class AudioRingBufferPropertyTests
{
    private enum Operation
    {
        Write,
        GetLatest,
        Clear,
    }

    /// <summary>An operation and its size (a block length for writes, a count for reads).</summary>
    private static readonly Gen<(Operation Kind, int Size)> Step =
        Gen.Frequency(
            (8, Gen.Int[0, 300].Select(n => (Operation.Write, n))),
            (4, Gen.Int[0, 300].Select(n => (Operation.GetLatest, n))),
            (1, Gen.Const((Operation.Clear, 0))));

    [Fact]
    public void Behaves_like_a_list_that_keeps_the_newest_capacity_samples()
    {
        Gen.Select(Gen.Int[1, 128], Step.Array[0, 60]).Sample((capacity, steps) =>
        {
            var ring = new AudioRingBuffer(capacity);
            var model = new List<float>();
            long overwritten = 0;
            float next = 1;
            foreach (var (kind, size) in steps)
            {
                switch (kind)
                {
                    case Operation.Write:
                        var block = new float[size];
                        for (int i = 0; i < size; i++)
                            block[i] = next++;
                        ring.Write(block);
                        model.AddRange(block);
                        int excess = Math.Max(0, model.Count - capacity);
                        model.RemoveRange(0, excess);
                        overwritten += excess;
                        break;
                    case Operation.GetLatest:
                        ring.GetLatest(size, out var first, out var second);
                        int count = Math.Min(size, model.Count);
                        Assert.Equal(model.Skip(model.Count - count), [.. first.ToArray(), .. second.ToArray()]);
                        break;
                    case Operation.Clear:
                        ring.Clear();
                        model.Clear();
                        overwritten = 0;
                        break;
                }

                Assert.Equal(model.Count, ring.Count);
                Assert.Equal(capacity - model.Count, ring.Free);
                Assert.Equal(overwritten, ring.OverwrittenSamples);
                var all = new float[ring.Count];
                Assert.Equal(model.Count, ring.CopyTo(all));
                Assert.Equal(model, all);
            }
        }, iter: 300);
    }
}
