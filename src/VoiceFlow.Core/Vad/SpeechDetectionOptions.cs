using VoiceFlow.Core.Configuration;

namespace VoiceFlow.Core.Vad;

/// <summary>
/// How a transcription finds the speech in its audio: the silence gate, the voice activity detector and the margin
/// kept around each speech region. Bound from the vad_* keys and silence_threshold_dbfs.
/// </summary>
public sealed record SpeechDetectionOptions
{
    /// <summary>The tuned detector's start threshold (dB over the noise floor) that vad_threshold's default 0.5 maps to.</summary>
    private const double DecibelsPerThresholdUnit = 10;

    /// <summary>The detector's continue threshold as a fraction of its start threshold (the tuned 4 dB of 5 dB).</summary>
    private const double ContinueFraction = 0.8;

    /// <summary>vad_enabled: trim silence and split long audio with the detector; off hands the whole input to the engine.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>vad_threshold, vad_min_speech_ms and vad_min_silence_ms as detector settings.</summary>
    public VadOptions Detector { get; init; } = new();

    /// <summary>vad_speech_pad_ms: audio kept before and after the detected speech of each chunk.</summary>
    public TimeSpan SpeechPadding { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// silence_threshold_dbfs: a recording whose RMS level stays below this is silence and nothing is transcribed
    /// (engines invent text from near-silence); applies whether or not the detector is on.
    /// </summary>
    public double SilenceThresholdDbfs { get; init; } = -60;

    /// <summary>The settings the configuration asks for.</summary>
    public static SpeechDetectionOptions From(VoiceFlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        double start = options.VadThreshold * DecibelsPerThresholdUnit;
        return new SpeechDetectionOptions
        {
            Enabled = options.VadEnabled,
            Detector = new VadOptions
            {
                StartThresholdDb = start,
                ContinueThresholdDb = start * ContinueFraction,
                MinSpeechMilliseconds = options.VadMinSpeechMs,
                MinSilenceMilliseconds = options.VadMinSilenceMs,
            },
            SpeechPadding = TimeSpan.FromMilliseconds(options.VadSpeechPadMs),
            SilenceThresholdDbfs = options.SilenceThresholdDbfs,
        };
    }

    /// <summary>The segmenter settings for an engine whose chunks are at most <paramref name="maxChunk"/> long.</summary>
    public SegmenterOptions Segmenter(TimeSpan maxChunk) => new()
    {
        MaxChunkSeconds = maxChunk.TotalSeconds,
        // The segmenter allows at most a quarter of a chunk as margin; a long pad on short chunks is capped there.
        MarginSeconds = Math.Min(SpeechPadding.TotalSeconds, maxChunk.TotalSeconds / 4),
    };
}
