using VoiceFlow.Core.Configuration;

namespace VoiceFlow.Core.Monitoring;

/// <summary>The seed's three optimizations that were on for one transcription.</summary>
[Flags]
public enum ActiveOptimizations
{
    /// <summary>None: a baseline transcription.</summary>
    None = 0,

    /// <summary>enable_optimized_audio_validation.</summary>
    OptimizedValidation = 1,

    /// <summary>enable_adaptive_model_access.</summary>
    AdaptiveModelAccess = 2,

    /// <summary>enable_memory_optimizations.</summary>
    MemoryOptimizations = 4,
}

/// <summary>Reads <see cref="ActiveOptimizations"/> from the configuration.</summary>
public static class ActiveOptimizationsExtensions
{
    /// <summary>The optimizations <paramref name="options"/> turns on.</summary>
    public static ActiveOptimizations GetActiveOptimizations(this VoiceFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var active = ActiveOptimizations.None;
        if (options.EnableOptimizedAudioValidation)
        {
            active |= ActiveOptimizations.OptimizedValidation;
        }

        if (options.EnableAdaptiveModelAccess)
        {
            active |= ActiveOptimizations.AdaptiveModelAccess;
        }

        if (options.EnableMemoryOptimizations)
        {
            active |= ActiveOptimizations.MemoryOptimizations;
        }

        return active;
    }
}
