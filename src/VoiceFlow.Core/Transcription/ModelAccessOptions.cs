using VoiceFlow.Core.Configuration;

namespace VoiceFlow.Core.Transcription;

/// <summary>How jobs reach the shared model (the seed's "adaptive model access", step 2).</summary>
/// <param name="Adaptive">
/// Off: every job takes one lock around one processor (the seed's baseline).
/// On: a lone caller runs with no lock; concurrent callers share a pool of up to
/// <paramref name="MaxConcurrentJobs"/> processors over the one model.
/// </param>
/// <param name="MaxConcurrentJobs">Jobs running at once when adaptive (1 to 64).</param>
/// <param name="AutoDetectConcurrency">Adaptive only: take the lock-free path while no other job runs.</param>
/// <param name="MaxQueuedJobs">Callers allowed to wait for a slot; one more gets <see cref="Errors.EngineBusyException"/>.</param>
/// <param name="ReloadInterval">
/// model_reload_interval: a processor that has served this many jobs is disposed and the next job gets a fresh one
/// from the factory, so decoder state cannot drift over a long session; 0 keeps processors for ever.
/// </param>
public sealed record ModelAccessOptions(bool Adaptive, int MaxConcurrentJobs, bool AutoDetectConcurrency, int MaxQueuedJobs = 32, int ReloadInterval = 0)
{
    /// <summary>Reads the seed's flags from the effective configuration.</summary>
    public static ModelAccessOptions From(VoiceFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ModelAccessOptions(
            options.EnableAdaptiveModelAccess,
            options.MaxConcurrentTranscriptionJobs,
            options.AutoDetectModelConcurrency,
            options.MaxQueuedTranscriptionJobs,
            options.ModelReloadInterval);
    }
}
