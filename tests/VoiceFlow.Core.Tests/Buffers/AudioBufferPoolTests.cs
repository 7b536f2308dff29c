using System.Runtime.InteropServices;
using VoiceFlow.Core.Buffers;
using VoiceFlow.Core.Configuration;
using VoiceFlow.Core.Errors;

namespace VoiceFlow.Core.Tests.Buffers;

public class AudioBufferPoolTests
{
    [Fact]
    public void A_returned_buffer_is_reused_and_counted_as_a_hit()
    {
        var pool = new AudioBufferPool(pooling: true, buffersKeptReady: 4);

        var first = pool.Rent(1600);
        Assert.True(MemoryMarshal.TryGetArray<float>(first.Memory, out var firstSegment));
        first.Dispose();
        using var second = pool.Rent(1500);

        var statistics = pool.Statistics;
        Assert.Equal(2, statistics.Rents);
        Assert.Equal(1, statistics.RentMisses);
        Assert.Equal(1, statistics.RentHits);
        Assert.Equal(1, statistics.Returns);
        Assert.Equal(1, statistics.OutstandingBuffers);
        Assert.Equal(2048 * sizeof(float), statistics.OutstandingBytes);
        Assert.Equal(1500, second.Length);
        Assert.True(MemoryMarshal.TryGetArray<float>(second.Memory, out var segment));
        Assert.Same(firstSegment.Array, segment.Array);
    }

    [Fact]
    public void A_reused_buffer_comes_back_zeroed()
    {
        var pool = new AudioBufferPool(pooling: true, buffersKeptReady: 2);
        using (var first = pool.Rent(1000))
        {
            first.Span.Fill(0.7f);
        }

        using var second = pool.Rent(1000);

        Assert.Equal(1, pool.Statistics.RentHits);
        Assert.True(second.Span.IndexOfAnyExcept(0f) < 0);
    }

    [Fact]
    public void Disposing_twice_or_disposing_a_copy_returns_the_buffer_once()
    {
        var pool = new AudioBufferPool(pooling: true, buffersKeptReady: 2);
        var lease = pool.Rent(512);
        var copy = lease;

        lease.Dispose();
        copy.Dispose();
        lease.Dispose();

        Assert.Equal(1, pool.Statistics.Returns);
        Assert.False(copy.IsLeased);
        Assert.Throws<ObjectDisposedException>(() => copy.Span.Length);
    }

    [Fact]
    public void A_stale_dispose_cannot_return_the_next_lease_of_the_same_array()
    {
        var pool = new AudioBufferPool(pooling: true, buffersKeptReady: 1);
        var stale = pool.Rent(512);
        stale.Dispose();
        using var current = pool.Rent(512);
        Assert.Equal(1, pool.Statistics.RentHits);

        stale.Dispose();

        Assert.True(current.IsLeased);
        Assert.Equal(1, pool.Statistics.OutstandingBuffers);
        current.Span[0] = 1f; // still usable
    }

    [Fact]
    public void At_most_memory_pool_size_idle_buffers_are_kept_per_size()
    {
        var pool = AudioBufferPool.FromOptions(new VoiceFlowOptions { EnableMemoryOptimizations = true, MemoryPoolSize = 10 });
        var leases = Enumerable.Range(0, 15).Select(_ => pool.Rent(16000)).ToList();

        leases.ForEach(l => l.Dispose());

        var statistics = pool.Statistics;
        Assert.Equal(10, statistics.ReadyBuffers);
        Assert.Equal(10L * 16384 * sizeof(float), statistics.ReadyBytes);
        Assert.Equal(0, statistics.OutstandingBuffers);
        Assert.Equal(0, statistics.OutstandingBytes);
    }

    [Fact]
    public void Idle_bytes_stay_under_the_byte_bound()
    {
        var pool = new AudioBufferPool(pooling: true, buffersKeptReady: 10, maxReadyBytes: 3 * 16384 * sizeof(float));
        var leases = Enumerable.Range(0, 6).Select(_ => pool.Rent(16000)).ToList();

        leases.ForEach(l => l.Dispose());

        Assert.Equal(3, pool.Statistics.ReadyBuffers);
        Assert.Equal(3L * 16384 * sizeof(float), pool.Statistics.ReadyBytes);
    }

    [Fact]
    public void Prewarm_makes_the_first_rents_hits()
    {
        var pool = new AudioBufferPool(pooling: true, buffersKeptReady: 3);
        pool.Prewarm(1600);

        var leases = Enumerable.Range(0, 3).Select(_ => pool.Rent(1600)).ToList();

        Assert.Equal(0, pool.Statistics.RentMisses);
        leases.ForEach(l => l.Dispose());
    }

    [Fact]
    public void Without_memory_optimizations_every_rent_allocates()
    {
        var pool = AudioBufferPool.FromOptions(new VoiceFlowOptions { EnableMemoryOptimizations = false });
        for (int i = 0; i < 5; i++)
        {
            using var lease = pool.Rent(1600);
            Assert.Equal(1600, lease.Span.Length);
        }

        var statistics = pool.Statistics;
        Assert.False(pool.IsPooling);
        Assert.Equal(5, statistics.RentMisses);
        Assert.Equal(5, statistics.Returns);
        Assert.Equal(0, statistics.ReadyBuffers);
    }

    [Fact]
    public void Steady_state_rent_and_return_allocates_nothing()
    {
        var pool = new AudioBufferPool(pooling: true, buffersKeptReady: 4);
        for (int i = 0; i < 100; i++)
        {
            var warmUp = pool.Rent(1600);
            warmUp.Span[0] = i;
            warmUp.Dispose();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            var lease = pool.Rent(1600);
            lease.Span[0] = i;
            lease.Dispose();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public async Task Concurrent_rents_and_returns_balance()
    {
        var pool = new AudioBufferPool(pooling: true, buffersKeptReady: 8);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            for (int i = 0; i < 5000; i++)
            {
                using var lease = pool.Rent(256 << (i % 4));
                lease.Span[0] = worker;
            }
        }, TestContext.Current.CancellationToken)));

        var statistics = pool.Statistics;
        Assert.Equal(20_000, statistics.Rents);
        Assert.Equal(20_000, statistics.Returns);
        Assert.Equal(0, statistics.OutstandingBuffers);
        Assert.Equal(0, statistics.OutstandingBytes);
        Assert.True(statistics.RentMisses <= 4 * 4, $"{statistics.RentMisses} misses for 4 workers x 4 sizes");
    }

    [Fact]
    public void Negative_memory_pool_size_is_a_configuration_error()
    {
        var error = Assert.Throws<ConfigurationException>(() => AudioBufferPool.FromOptions(new VoiceFlowOptions { EnableMemoryOptimizations = true, MemoryPoolSize = -1 }));
        Assert.Contains("memory_pool_size", error.Message, StringComparison.Ordinal);
    }
}
