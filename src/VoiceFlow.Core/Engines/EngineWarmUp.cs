namespace VoiceFlow.Core.Engines;

/// <summary>
/// Runs one short job through a freshly loaded engine, so the first real request does not pay the first-call costs:
/// code the ahead-of-time build left to the JIT, weight pages not yet touched, worker threads and scratch buffers.
/// A long-running process (the server, the dictation daemon) calls it before it reports ready.
/// </summary>
public static class EngineWarmUp
{
    /// <summary>One second of quiet noise: not silence, which an engine may skip without running its model.</summary>
    private const int Samples = 16000;

    /// <summary>
    /// Decodes the warm-up audio with <paramref name="options"/> (the configured search, so a beam-search setting
    /// warms the batched path, and the configured timestamp setting, so the timestamp rules a request runs are
    /// warmed too) without temperature fallback, and discards the result.
    /// </summary>
    public static async Task RunAsync(ISpeechEngineFactory factory, TranscriptionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(options);
        var audio = new float[Samples];
        uint state = 12345;
        for (int i = 0; i < audio.Length; i++)
        {
            state = (state * 1664525) + 1013904223; // a fixed LCG: the same warm-up every time
            audio[i] = ((state >> 8) / (float)(1 << 24) - 0.5f) * 0.02f;
        }

        await using var processor = factory.CreateProcessor(options with { TemperatureFallback = false });
        await foreach (var _ in processor.ProcessAsync(audio, cancellationToken).ConfigureAwait(false))
        {
            // The segments are not the point.
        }
    }
}
