namespace VoiceFlow.Core.Vad.Silero;

/// <summary>
/// Silero VAD as a <see cref="ISpeechDetector"/>: whole recordings through <see cref="SpeechTimestamps"/> (silero-vad's
/// get_speech_timestamps), live audio through <see cref="SileroStreamingVad"/> (its VADIterator). One loaded model is
/// shared by every call; each call runs its own <see cref="SileroNetwork"/>.
/// </summary>
public sealed class SileroSpeechDetector : ISpeechDetector
{
    /// <summary>vad_detector's name for it.</summary>
    public const string DetectorName = "silero";

    /// <param name="model">The loaded network.</param>
    /// <param name="options">Thresholds and durations; null for silero-vad's defaults.</param>
    /// <exception cref="Errors.ConfigurationException">An option is out of range.</exception>
    public SileroSpeechDetector(SileroModel model, SileroVadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        SileroModel = model;
        Options = options ?? new SileroVadOptions();
        Options.Validate();
    }

    /// <summary>The loaded network.</summary>
    public SileroModel SileroModel { get; }

    /// <summary>The segmentation settings.</summary>
    public SileroVadOptions Options { get; }

    /// <inheritdoc />
    public string Name => DetectorName;

    /// <inheritdoc />
    public string? Model => SileroModel.Description;

    /// <inheritdoc />
    public IReadOnlyList<SampleRange> Detect(ReadOnlySpan<float> samples, TimeSpan? maxSpeech = null) =>
        Segments(Probabilities(samples), samples.Length, maxSpeech);

    /// <summary>
    /// The speech segments of a recording of <paramref name="totalSamples"/> samples whose chunk probabilities are
    /// <paramref name="probabilities"/> (from <see cref="Probabilities"/>): what <see cref="Detect"/> gives, without
    /// running the network again for a caller that also wants the probabilities.
    /// </summary>
    public IReadOnlyList<SampleRange> Segments(ReadOnlySpan<float> probabilities, long totalSamples, TimeSpan? maxSpeech = null) =>
        SpeechTimestamps.Find(probabilities, totalSamples, maxSpeech is { } max && (Options.MaxSpeech is null || max < Options.MaxSpeech)
            ? Options with { MaxSpeech = max }
            : Options);

    /// <summary>The speech probability of each 512-sample chunk (32 ms) of a recording, the last one zero-padded.</summary>
    public float[] Probabilities(ReadOnlySpan<float> samples)
    {
        var network = new SileroNetwork(SileroModel);
        int chunks = (samples.Length + SileroModel.ChunkSamples - 1) / SileroModel.ChunkSamples;
        var probabilities = new float[chunks];
        int whole = samples.Length / SileroModel.ChunkSamples;
        network.ProcessChunks(samples[..(whole * SileroModel.ChunkSamples)], probabilities.AsSpan(0, whole));

        if (whole < chunks)
        {
            Span<float> last = stackalloc float[SileroModel.ChunkSamples];
            last.Clear();
            samples[(whole * SileroModel.ChunkSamples)..].CopyTo(last);
            probabilities[whole] = network.Process(last);
        }

        return probabilities;
    }

    /// <inheritdoc />
    public IVoiceActivityDetector CreateStream(TimeSpan endOfSpeechSilence, double? threshold = null) =>
        new SileroStreamingVad(new SileroNetwork(SileroModel), Options with
        {
            MinSilence = endOfSpeechSilence,
            Threshold = threshold is { } t ? (float)Math.Clamp(t, 0.01, 0.99) : Options.Threshold,
        });
}
