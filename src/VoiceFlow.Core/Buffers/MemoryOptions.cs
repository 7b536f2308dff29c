using VoiceFlow.Core.Configuration;

namespace VoiceFlow.Core.Buffers;

/// <summary>How job buffers are allocated (the seed's memory optimization, step 3).</summary>
/// <param name="Pooled">enable_memory_optimizations: rent job copies from a pool instead of allocating each one.</param>
/// <param name="PoolSize">memory_pool_size: buffers kept ready in the pool.</param>
public sealed record MemoryOptions(bool Pooled = false, int PoolSize = 10)
{
    /// <summary>The settings the configuration asks for.</summary>
    public static MemoryOptions From(VoiceFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new MemoryOptions(options.EnableMemoryOptimizations, options.MemoryPoolSize);
    }

    /// <summary>A pool with these settings.</summary>
    public AudioBufferPool CreatePool() => new(Pooled, PoolSize);
}
