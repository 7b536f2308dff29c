namespace VoiceFlow.Core.Vad;

/// <summary>
/// A kind of voice activity detector, configured and loaded once (vad_detector): finds the speech in a whole recording
/// and starts streaming detectors for live audio. Thread-safe; the streams it creates are not.
/// </summary>
public interface ISpeechDetector
{
    /// <summary>The detector's name as vad_detector spells it: energy or silero.</summary>
    string Name { get; }

    /// <summary>The model in use (a file and its release), or null for a detector without one.</summary>
    string? Model { get; }

    /// <summary>The speech regions of a whole 16 kHz mono recording, in order, not overlapping.</summary>
    /// <param name="samples">The recording.</param>
    /// <param name="maxSpeech">
    /// Longest region the caller wants: a detector that can tell pauses apart splits longer regions at its best pause;
    /// null for no limit. Callers still cut what remains too long (<see cref="SpeechSegmenter"/>).
    /// </param>
    IReadOnlyList<SampleRange> Detect(ReadOnlySpan<float> samples, TimeSpan? maxSpeech = null);

    /// <summary>A streaming detector for live audio whose speech ends after <paramref name="endOfSpeechSilence"/> of silence.</summary>
    /// <param name="endOfSpeechSilence">The pause that ends speech.</param>
    /// <param name="threshold">
    /// Sensitivity in vad_threshold's terms (0..1; 0.5 is each detector's default): Silero's speech probability, the
    /// energy detector's start threshold in tens of dB over the noise floor. Null for the detector's configured value.
    /// </param>
    IVoiceActivityDetector CreateStream(TimeSpan endOfSpeechSilence, double? threshold = null);
}
